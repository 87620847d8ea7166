// The event parser (src/events) on arbitrary bytes: it never throws, every item it yields is
// well-formed, and form-encoded key decoding yields valid UTF-8 or nothing.
#include <cstdint>
#include <string_view>
#include <variant>

#include "events/event_parser.h"
#include "fuzz_support.h"

using s3load::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const s3load::ParsedEvent event = s3load::parse_event(text);
  for (const auto& item : event.items) {
    check(!item.path.empty(), "every item names its JSON path");
    if (const auto* object = std::get_if<s3load::ObjectRef>(&item.content)) {
      check(!object->bucket.empty(), "an object has a bucket");
      check(!object->key.empty(), "an object has a key");
      check(s3load::fuzz::is_utf8(object->key), "a decoded key is valid UTF-8");
      check(!object->version_id || !object->version_id->empty(), "a version id is never empty");
    } else if (const auto* error = std::get_if<s3load::Error>(&item.content)) {
      check(!error->is_transient(), "a bad event item is a permanent error");
      check(!error->code.empty() && !error->message.empty(), "an error has a code and a message");
    }
    if (item.message_id) check(event.is_sqs_batch, "only SQS items carry a message id");
  }

  if (const auto key = s3load::decode_form_encoded_key(text))
    check(s3load::fuzz::is_utf8(*key), "decode_form_encoded_key yields valid UTF-8");
  return 0;
}
