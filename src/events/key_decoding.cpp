#include "events/key_decoding.h"

#include <optional>
#include <utility>

#include "events/event_parser.h"

namespace s3load {
namespace event_detail {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool in_range(unsigned char byte, unsigned char low, unsigned char high) {
  return byte >= low && byte <= high;
}

}  // namespace

std::variant<std::string, KeyDecodeError> decode_form_encoded(std::string_view encoded) {
  std::string decoded;
  decoded.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c == '+') {
      decoded += ' ';
    } else if (c == '%') {
      const int high = i + 1 < encoded.size() ? hex_value(encoded[i + 1]) : -1;
      const int low = i + 2 < encoded.size() ? hex_value(encoded[i + 2]) : -1;
      if (high < 0 || low < 0) return KeyDecodeError{KeyDecodeFailure::malformed_escape, i};
      decoded += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      decoded += c;
    }
  }
  const std::size_t bad = find_invalid_utf8(decoded);
  if (bad != decoded.size()) return KeyDecodeError{KeyDecodeFailure::invalid_utf8, bad};
  return decoded;
}

std::size_t utf8_sequence_length(std::string_view text, std::size_t index) {
  const std::size_t available = text.size() - index;
  const auto at = [&](std::size_t offset) { return static_cast<unsigned char>(text[index + offset]); };
  const unsigned char lead = at(0);
  if (lead < 0x80) return 1;
  // Second-byte ranges follow RFC 3629 §4, which excludes overlong forms and surrogates.
  unsigned char second_low = 0x80;
  unsigned char second_high = 0xBF;
  std::size_t length = 0;
  if (in_range(lead, 0xC2, 0xDF)) {
    length = 2;
  } else if (lead == 0xE0) {
    length = 3;
    second_low = 0xA0;
  } else if (in_range(lead, 0xE1, 0xEC) || in_range(lead, 0xEE, 0xEF)) {
    length = 3;
  } else if (lead == 0xED) {
    length = 3;
    second_high = 0x9F;
  } else if (lead == 0xF0) {
    length = 4;
    second_low = 0x90;
  } else if (in_range(lead, 0xF1, 0xF3)) {
    length = 4;
  } else if (lead == 0xF4) {
    length = 4;
    second_high = 0x8F;
  } else {
    return 0;
  }
  if (available < length) return 0;
  if (!in_range(at(1), second_low, second_high)) return 0;
  for (std::size_t offset = 2; offset < length; ++offset) {
    if (!in_range(at(offset), 0x80, 0xBF)) return 0;
  }
  return length;
}

std::size_t find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return text.size();
}

bool is_valid_utf8(std::string_view text) {
  return find_invalid_utf8(text) == text.size();
}

std::string sanitize_utf8(std::string_view text) {
  static constexpr std::string_view REPLACEMENT = "\xEF\xBF\xBD";
  std::string result;
  result.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      result += REPLACEMENT;
      ++i;
    } else {
      result += text.substr(i, length);
      i += length;
    }
  }
  return result;
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = 0;
  while (end < text.size()) {
    std::size_t length = utf8_sequence_length(text, end);
    if (length == 0) length = 1;
    if (end + length > max_bytes) break;
    end += length;
  }
  return std::string(text.substr(0, end)) + "\xE2\x80\xA6";
}

}  // namespace event_detail

std::optional<std::string> decode_form_encoded_key(std::string_view encoded) {
  auto decoded = event_detail::decode_form_encoded(encoded);
  if (auto* key = std::get_if<std::string>(&decoded)) return std::move(*key);
  return std::nullopt;
}

}  // namespace s3load
