#include "decode/line_counter.h"

#include <algorithm>
#include <cstddef>

namespace s3load::decode {

void LineCounter::advance(std::string_view bytes) {
  if (bytes.empty()) return;
  const auto* const data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  // A byte ends a line when it is a CR, or an LF that does not complete a CRLF.
  const auto ends_line = [](unsigned char byte, unsigned char before) -> unsigned char {
    return static_cast<unsigned char>((byte == '\r') | ((byte == '\n') & (before != '\r')));
  };
  std::uint64_t breaks = ends_line(data[0], m_after_cr ? '\r' : 0);
  // Blocks of 255 bytes with an 8-bit count let the compiler vectorise the loop (no carried state:
  // the byte before is loaded again rather than remembered).
  for (std::size_t start = 1; start < size;) {
    const std::size_t end = std::min(size, start + 255);
    unsigned char block = 0;
    for (std::size_t at = start; at < end; ++at)
      block = static_cast<unsigned char>(block + ends_line(data[at], data[at - 1]));
    breaks += block;
    start = end;
  }
  m_breaks += breaks;
  m_after_cr = data[size - 1] == '\r';
}

}  // namespace s3load::decode
