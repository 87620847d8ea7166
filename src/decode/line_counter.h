// Physical line numbers of a byte stream read in pieces, counted exactly as the CSV reader counts them:
// every LF, CRLF or lone CR is one line break (a CRLF split across two pieces is still one).
#pragma once

#include <cstdint>
#include <string_view>

namespace s3load::decode {

class LineCounter {
 public:
  // Counts the line breaks in the next piece of the stream.
  void advance(std::string_view bytes);
  // The 1-based line on which the next byte of the stream sits.
  std::uint64_t line() const { return m_breaks + 1; }

 private:
  std::uint64_t m_breaks = 0;
  bool m_after_cr = false;  // the last byte seen was a CR: an LF right after it ends no extra line
};

}  // namespace s3load::decode
