// S3 events delivered by Amazon EventBridge.
// Layout: docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html — members are kebab-case
// ("detail-type", "version-id") and the S3 operation is in detail.reason ("PutObject", "CopyObject", …).

#include <utility>

#include "events/event_shapes.h"

namespace s3load::event_detail {
namespace {

constexpr std::string_view EVENTBRIDGE_SOURCE = "aws.s3";
constexpr std::string_view OBJECT_CREATED = "Object Created";

}  // namespace

ItemOutcome read_eventbridge_event(const Located& event, const EventParseOptions& options) {
  auto source = required_string(event, "source");
  if (auto* problem = problem_of(source)) return std::move(*problem);
  if (value_of(source) != EVENTBRIDGE_SOURCE) {
    return problem_at(member_path(event.path, "source"),
                      "unsupported EventBridge source " + json_quoted(value_of(source)) +
                          " (only \"aws.s3\" events name objects to load)");
  }
  auto detail_type = required_string(event, "detail-type");
  if (auto* problem = problem_of(detail_type)) return std::move(*problem);
  if (value_of(detail_type) != OBJECT_CREATED) {
    return Ignored{"EventBridge " + json_quoted(value_of(detail_type)) +
                   " is not an object-created event; nothing to load"};
  }

  auto detail = required_object(event, "detail");
  if (auto* problem = problem_of(detail)) return std::move(*problem);
  auto bucket = required_object(value_of(detail), "bucket");
  if (auto* problem = problem_of(bucket)) return std::move(*problem);
  auto bucket_name = required_bucket_name(value_of(bucket), options);
  if (auto* problem = problem_of(bucket_name)) return std::move(*problem);
  auto object = required_object(value_of(detail), "object");
  if (auto* problem = problem_of(object)) return std::move(*problem);
  const Located& fields = value_of(object);
  // detail.object.key is used as it is: EventBridge does not document it as encoded, and real events
  // carry raw characters (spaces, '+', non-ASCII). Decoding it would corrupt keys containing '+' or '%'.
  auto key = required_string(fields, "key");
  if (auto* problem = problem_of(key)) return std::move(*problem);
  if (auto problem = check_object_key(member_path(fields.path, "key"), value_of(key), value_of(key))) {
    return std::move(*problem);
  }
  auto size = optional_size(fields, "size");
  if (auto* problem = problem_of(size)) return std::move(*problem);
  auto etag = optional_etag(fields, "etag");
  if (auto* problem = problem_of(etag)) return std::move(*problem);
  auto version_id = optional_string(fields, "version-id");
  if (auto* problem = problem_of(version_id)) return std::move(*problem);
  drop_null_version(value_of(version_id));
  auto sequencer = optional_sequencer(fields, "sequencer");
  if (auto* problem = problem_of(sequencer)) return std::move(*problem);
  auto reason = optional_string(value_of(detail), "reason");
  if (auto* problem = problem_of(reason)) return std::move(*problem);

  std::string event_name(OBJECT_CREATED);
  if (value_of(reason)) event_name += ":" + *value_of(reason);
  return ObjectRef{
      .bucket = std::move(value_of(bucket_name)),
      .key = std::move(value_of(key)),
      .version_id = std::move(value_of(version_id)),
      .etag = std::move(value_of(etag)),
      .sequencer = std::move(value_of(sequencer)),
      .size = value_of(size),
      .event_name = std::move(event_name),
      .event_source = std::string(EVENTBRIDGE_SOURCE),
  };
}

}  // namespace s3load::event_detail
