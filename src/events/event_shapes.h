// The event shapes parse_event understands, one reader per shape (internal to src/events).
//
// A document (the whole event, an SQS message body, an SNS Message) is parsed by parse_document, which
// recognises its shape and hands it to the matching reader. Readers append EventItems to the ParsedEvent;
// a problem in one record becomes an Error item for that record only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "events/event_json.h"
#include "events/event_parser.h"

namespace s3load::event_detail {

// Which envelopes may wrap the document: this bounds the recursion (SQS → SNS → S3 at most) and keeps
// shapes that cannot be nested (an SQS batch inside an SQS body) from being accepted.
enum class Nesting {
  top,          // the event itself: every shape
  sqs_body,     // an SQS message body: S3 records, test event, EventBridge, SNS notification
  sns_message,  // an SNS Message: S3 records, test event, EventBridge
};

// Where a document sits in the event.
struct Scope {
  std::string path;                       // "" for the event itself, else e.g. "Records[1].body"
  std::optional<std::string> message_id;  // the SQS message the document came from
  Nesting nesting = Nesting::top;
  EventParseOptions options;
};

// What reading one item produced.
using ItemOutcome = std::variant<ObjectRef, Ignored, Problem>;

// Appends the item; a Problem becomes a permanent bad_event Error whose item path is the problem's path.
// bucket.name of an S3 record or an EventBridge detail: a non-empty string that is a valid bucket name
// (events/bucket_name.h).
Checked<std::string> required_bucket_name(const Located& bucket, const EventParseOptions& options);

// A version id read from an event: "null" is the version id S3 gives objects of an unversioned (or
// suspended) bucket, the same as none.
inline void drop_null_version(std::optional<std::string>& version_id) {
  if (version_id && *version_id == "null") version_id.reset();
}

void add_item(ParsedEvent& out, const Scope& scope, std::string item_path, ItemOutcome outcome);

// Parses `text` as a JSON document in `scope` and appends its items.
void parse_document(std::string_view text, const Scope& scope, ParsedEvent& out);

// One S3 notification record ("aws:s3", "minio:s3", "ceph:s3"): s3_records.cpp.
ItemOutcome read_s3_record(const Located& record, std::string_view event_source,
                           const EventParseOptions& options);

// {"Service":"Amazon S3","Event":"s3:TestEvent",…}: s3_records.cpp.
ItemOutcome read_test_event(const Located& event);

// An EventBridge event ("detail-type", "source", "detail"): eventbridge.cpp.
ItemOutcome read_eventbridge_event(const Located& event, const EventParseOptions& options);

// One record of a Lambda SQS batch (eventSource "aws:sqs"): envelopes.cpp.
void parse_sqs_message(const Located& record, const EventParseOptions& options, ParsedEvent& out);

// An SNS notification envelope ({"Type":"Notification","Message":"…",…}), either an SQS body or the "Sns"
// member of a direct SNS record: envelopes.cpp.
void parse_sns_envelope(const Located& envelope, const Scope& scope, ParsedEvent& out);

}  // namespace s3load::event_detail
