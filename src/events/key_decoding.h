// Key decoding and UTF-8 checks used by the event parser (internal to src/events).
//
// The public entry point, decode_form_encoded_key, is declared in events/event_parser.h; this header adds
// the detailed variant that says why a key could not be decoded, so error messages can be precise.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace s3load::event_detail {

enum class KeyDecodeFailure { malformed_escape, invalid_utf8 };

struct KeyDecodeError {
  KeyDecodeFailure failure;
  std::size_t offset;  // malformed_escape: byte offset of the '%' in the encoded key;
                       // invalid_utf8: byte offset of the first bad byte in the decoded key
};

// application/x-www-form-urlencoded decoding ('+' is a space, %XX a byte, hex digits in either case);
// the decoded bytes must be valid UTF-8.
std::variant<std::string, KeyDecodeError> decode_form_encoded(std::string_view encoded);

// Length of the well-formed UTF-8 sequence starting at text[index] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t index);

// Offset of the first byte that does not start a well-formed UTF-8 sequence, or text.size().
std::size_t find_invalid_utf8(std::string_view text);

bool is_valid_utf8(std::string_view text);

// Replaces every byte that is not part of a well-formed sequence by U+FFFD, so the text can be logged as
// JSON.
std::string sanitize_utf8(std::string_view text);

// At most max_bytes of valid UTF-8 text, cut on a character boundary; "…" is appended when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace s3load::event_detail
