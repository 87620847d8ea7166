// Turns any event JSON that can reach the handler into the objects it names.
//
// Shapes accepted (DESIGN §6): S3 notification records (eventVersion 2.x, every record), s3:TestEvent,
// EventBridge "Object Created", SQS batches whose bodies are any of the other shapes, SNS envelopes
// (direct or inside SQS). Keys are decoded exactly once, as their source encodes them: AWS S3 and MinIO
// records are form-encoded ('+' is a space); EventBridge and Ceph RGW ("ceph:s3") keys are not encoded.
//
// parse_event never throws on input: malformed JSON, missing fields or unknown shapes become permanent
// Error items naming the JSON path, so one bad record never hides the others.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"
#include "events/object_ref.h"

namespace s3load {

// An event item that names no object to load and is not an error: a test event, an ObjectRemoved record.
struct Ignored {
  std::string reason;
};

struct EventItem {
  std::string path;  // JSON path of the item, e.g. "Records[2]" or "Records[0].body.Records[1]"
  std::optional<std::string> message_id;  // the SQS messageId the item came from, if any
  std::variant<ObjectRef, Ignored, Error> content;
};

struct ParsedEvent {
  bool is_sqs_batch = false;  // the handler must answer {"batchItemFailures":[…]}
  std::vector<EventItem> items;
  // Every SQS messageId of the batch, in order (so that a message yielding no items is still known).
  std::vector<std::string> message_ids;
};

// What the parser is told about the deployment (it reads no environment itself).
struct EventParseOptions {
  // An S3 endpoint override is set (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL): the server may be Ceph RGW or
  // MinIO, whose buckets of other tenants are named "tenant:bucket".
  bool endpoint_override = false;
};

// A bucket name that S3 would not accept is a bad_event Error for its record: the
// record names nothing s3load may send a request for.
ParsedEvent parse_event(std::string_view json, const EventParseOptions& options = {});

// Decodes an application/x-www-form-urlencoded key: '+' is a space, %XX a byte. The result must be
// valid UTF-8. Returns nullopt for a malformed escape or invalid UTF-8.
std::optional<std::string> decode_form_encoded_key(std::string_view encoded);

}  // namespace s3load
