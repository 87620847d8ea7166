#include "convert/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace s3load::convert {

std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;  // bounds of the second byte, which exclude overlong forms and surrogates
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() - at < length) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i)
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  return length;
}

std::optional<std::size_t> find_bad_text_byte(std::string_view text) {
  std::size_t at = 0;
  const std::size_t size = text.size();
  while (at < size) {
    // Eight ASCII bytes without NUL at a time: the common case for CSV data.
    if (size - at >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + at, 8);
      const bool ascii = (word & 0x8080808080808080ULL) == 0;
      const bool has_zero = ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) != 0;
      if (ascii && !has_zero) {
        at += 8;
        continue;
      }
    }
    if (text[at] == '\0') return at;
    const std::size_t length = utf8_sequence_length(text, at);
    if (length == 0) return at;
    at += length;
  }
  return std::nullopt;
}

std::string escape_bad_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes && !find_bad_text_byte(text)) return std::string(text);
  static constexpr char HEX[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 8);
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t length = text[at] == '\0' ? 0 : utf8_sequence_length(text, at);
    if (out.size() + (length ? length : 4) > max_bytes) return out + "…";
    if (length) {
      out.append(text.substr(at, length));
      at += length;
    } else {
      const auto byte = static_cast<unsigned char>(text[at++]);
      out += "\\x";
      out += HEX[byte >> 4];
      out += HEX[byte & 15];
    }
  }
  return out;
}

std::string describe_bad_text(std::string_view text, std::size_t offset) {
  static constexpr char HEX[] = "0123456789ABCDEF";
  const std::string position = "byte " + std::to_string(offset + 1);
  if (text[offset] == '\0')
    return "contains a NUL byte at " + position + ", which PostgreSQL text cannot store; remove it";
  std::string bytes;
  for (std::size_t i = offset; i < text.size() && i < offset + 4; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (i > offset && c < 0x80) break;
    if (!bytes.empty()) bytes += ' ';
    bytes += "0x";
    bytes += HEX[c >> 4];
    bytes += HEX[c & 0xF];
  }
  return "is not valid UTF-8 at " + position + " (" + bytes +
         "); convert the file to UTF-8 or set the feed's encoding (windows-1252, latin-1)";
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text)
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

std::size_t utf8_prefix_bytes(std::string_view text, std::size_t characters) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (seen == characters) return i;
      ++seen;
    }
  }
  return text.size();
}

}  // namespace s3load::convert
