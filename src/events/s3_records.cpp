// S3 notification records and the s3:TestEvent.
// Record layout: docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html

#include <utility>

#include "events/event_shapes.h"
#include "events/key_decoding.h"
#include "events/sequencer.h"

namespace s3load::event_detail {
namespace {

constexpr std::string_view CREATED_PREFIX = "ObjectCreated:";

// How a source encodes object keys in its records. AWS S3 form-encodes them ('+' is a space, "%2B" a
// plus) and so does MinIO (Go's url.QueryEscape). Ceph RGW sends keys as they are.
enum class KeyEncoding { form, none };

KeyEncoding key_encoding(std::string_view event_source) {
  return event_source == "ceph:s3" ? KeyEncoding::none : KeyEncoding::form;
}

// AWS sends "ObjectCreated:Put"; Ceph RGW and MinIO send "s3:ObjectCreated:Put".
std::string_view without_s3_prefix(std::string_view name) {
  constexpr std::string_view PREFIX = "s3:";
  if (name.starts_with(PREFIX)) name.remove_prefix(PREFIX.size());
  return name;
}

// Digits separated by single dots: "2", "2.1", "2.10".
bool is_version_number(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  char previous = '0';
  for (const char c : text) {
    if (c == '.' ? previous == '.' : (c < '0' || c > '9')) return false;
    previous = c;
  }
  return true;
}

// eventVersion rises over time (2.1 … 2.6 seen, Ceph sends 2.2): any 2.x is read, unknown fields are
// ignored. Another major version may change the meaning of fields, so it is refused. A record without
// eventVersion is read as version 2 (S3-compatible servers that send records at all imitate 2.x).
std::optional<Problem> check_event_version(const Located& record) {
  const Json* version = find_member(*record.value, "eventVersion");
  if (version == nullptr || version->is_null()) return std::nullopt;
  const std::string path = member_path(record.path, "eventVersion");
  if (!version->is_string()) return problem_at(path, wrong_type("a string such as \"2.1\"", *version));
  const std::string_view text = version->get_ref<const Json::string_t&>();
  if (!is_version_number(text))
    return problem_at(path, "expected a version such as \"2.1\", got " + json_quoted(text));
  if (text.substr(0, text.find('.')) != "2") {
    return problem_at(path, "unsupported eventVersion " + json_quoted(text) +
                                ": only major version 2 of the S3 event format is understood");
  }
  return std::nullopt;
}

std::string not_created_reason(std::string_view event_name) {
  const std::string shown = event_name == "TestEvent" ? "s3:TestEvent" : std::string(event_name);
  return shown + " is not an object-created event; nothing to load";
}

// The key as the object is named in S3, decoded per the source's encoding.
Checked<std::string> object_key(const Located& object, KeyEncoding encoding) {
  auto raw = required_string(object, "key");
  if (problem_of(raw) != nullptr) return raw;
  const std::string path = member_path(object.path, "key");
  std::string& raw_key = value_of(raw);
  std::string key;
  if (encoding == KeyEncoding::none) {
    key = raw_key;
  } else {
    auto decoded = decode_form_encoded(raw_key);
    if (const auto* error = std::get_if<KeyDecodeError>(&decoded)) {
      if (error->failure == KeyDecodeFailure::malformed_escape) {
        return problem_at(path, json_quoted(raw_key) + " has a malformed percent-escape at byte " +
                                    std::to_string(error->offset) +
                                    " (form-encoded keys use '%' followed by two hexadecimal digits)");
      }
      return problem_at(path, json_quoted(raw_key) + " decodes to bytes that are not valid UTF-8 (at byte " +
                                  std::to_string(error->offset) + " of the decoded key); S3 keys are UTF-8");
    }
    key = std::move(std::get<std::string>(decoded));
  }
  if (auto problem = check_object_key(path, raw_key, key)) return std::move(*problem);
  return key;
}

}  // namespace

ItemOutcome read_s3_record(const Located& record, std::string_view event_source,
                           const EventParseOptions& options) {
  if (auto problem = check_event_version(record)) return std::move(*problem);
  auto name = required_string(record, "eventName");
  if (auto* problem = problem_of(name)) return std::move(*problem);
  const std::string event_name(without_s3_prefix(value_of(name)));
  if (!event_name.starts_with(CREATED_PREFIX)) return Ignored{not_created_reason(event_name)};

  auto s3 = required_object(record, "s3");
  if (auto* problem = problem_of(s3)) return std::move(*problem);
  auto bucket = required_object(value_of(s3), "bucket");
  if (auto* problem = problem_of(bucket)) return std::move(*problem);
  auto bucket_name = required_bucket_name(value_of(bucket), options);
  if (auto* problem = problem_of(bucket_name)) return std::move(*problem);
  auto object = required_object(value_of(s3), "object");
  if (auto* problem = problem_of(object)) return std::move(*problem);
  const Located& fields = value_of(object);
  auto key = object_key(fields, key_encoding(event_source));
  if (auto* problem = problem_of(key)) return std::move(*problem);
  auto size = optional_size(fields, "size");
  if (auto* problem = problem_of(size)) return std::move(*problem);
  auto etag = optional_etag(fields, "eTag");
  if (auto* problem = problem_of(etag)) return std::move(*problem);
  auto version_id = optional_string(fields, "versionId");
  if (auto* problem = problem_of(version_id)) return std::move(*problem);
  drop_null_version(value_of(version_id));
  auto sequencer = optional_sequencer(fields, "sequencer");
  if (auto* problem = problem_of(sequencer)) return std::move(*problem);
  if (event_source == "ceph:s3" && value_of(sequencer))
    *value_of(sequencer) = normalize_ceph_sequencer(*value_of(sequencer));

  return ObjectRef{
      .bucket = std::move(value_of(bucket_name)),
      .key = std::move(value_of(key)),
      .version_id = std::move(value_of(version_id)),
      .etag = std::move(value_of(etag)),
      .sequencer = std::move(value_of(sequencer)),
      .size = value_of(size),
      .event_name = event_name,
      .event_source = std::string(event_source),
  };
}

ItemOutcome read_test_event(const Located& event) {
  // S3 sends it once when a notification configuration is saved, to check that the target is reachable.
  const Json* bucket = find_member(*event.value, "Bucket");
  if (bucket != nullptr && bucket->is_string()) {
    constexpr std::size_t MAX_BUCKET_NAME_BYTES = 255;
    return Ignored{"s3:TestEvent for bucket " +
                   truncate_utf8(bucket->get_ref<const Json::string_t&>(), MAX_BUCKET_NAME_BYTES) +
                   ": nothing to load"};
  }
  return Ignored{"s3:TestEvent: nothing to load"};
}

}  // namespace s3load::event_detail
