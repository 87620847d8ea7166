#include "convert/problem.h"

#include "convert/utf8.h"

namespace s3load::convert {

std::string quote_value(std::string_view value) {
  static constexpr char HEX[] = "0123456789ABCDEF";
  std::string quoted = "\"";
  std::size_t at = 0;
  while (at < value.size()) {
    if (at >= MAX_QUOTED_BYTES) {
      quoted += "…";
      break;
    }
    const auto c = static_cast<unsigned char>(value[at]);
    const std::size_t length = utf8_sequence_length(value, at);
    if (length > 1) {
      quoted.append(value.substr(at, length));
      at += length;
      continue;
    }
    if (length == 1 && c >= 0x20 && c != 0x7F) {
      quoted += static_cast<char>(c);
    } else {
      quoted += "\\x";
      quoted += HEX[c >> 4];
      quoted += HEX[c & 0xF];
    }
    ++at;
  }
  quoted += '"';
  return quoted;
}

}  // namespace s3load::convert
