// Single-byte encodings (windows-1252, latin-1) to UTF-8, a piece at a time, through a 256-entry table.
//
// windows-1252 is the WHATWG/Microsoft table: 0x80-0x9F hold € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š
// › œ ž Ÿ, and 0x81 0x8D 0x8F 0x90 0x9D are undefined: a file holding them is not windows-1252, so they
// are rejected rather than guessed. latin-1 (ISO-8859-1) maps every byte b to U+00b, so it never fails.
// A UTF-8 byte-order mark in such a file is three ordinary characters (ï»¿) and is transcoded as such.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "decode/line_counter.h"
#include "feeds/feed_config.h"

namespace s3load::decode {

struct TranscodeStep {
  std::size_t consumed = 0;  // input bytes done
  std::size_t produced = 0;  // UTF-8 bytes written
};

// One character of UTF-8 output; length 0 marks a byte the encoding does not define.
struct Utf8Char {
  std::uint8_t length = 0;
  char bytes[3] = {};
};

class SingleByteTranscoder {
 public:
  // The most UTF-8 bytes one input byte can become (€ is E2 82 AC).
  static constexpr std::size_t MAX_OUTPUT_PER_BYTE = 3;

  // `encoding` is windows_1252 or latin_1 (std::invalid_argument otherwise). `decompressed` only words
  // error messages: byte offsets then count bytes of the decompressed data.
  SingleByteTranscoder(Encoding encoding, bool decompressed);

  // Transcodes the longest prefix of `input` whose UTF-8 fits in `output`, never splitting a character,
  // and stopping before a byte the encoding does not define. Pieces are parts of one stream, given in
  // order. When `input` starts with an undefined byte, throws Failure (permanent, "bad_encoding") naming
  // its physical line (LF, CRLF and lone CR end lines, as in the CSV reader) and its 0-based byte offset
  // in the stream; so the text before the bad byte is always handed out first, however the stream is
  // cut. Otherwise, with output_size >= MAX_OUTPUT_PER_BYTE, a non-empty input always makes progress.
  TranscodeStep transcode(std::string_view input, char* output, std::size_t output_size);

 private:
  [[noreturn]] void fail(unsigned char byte) const;

  const Utf8Char* m_table;
  Encoding m_encoding;
  bool m_decompressed;
  bool m_count_lines;          // only an encoding that can fail needs line numbers
  LineCounter m_lines;         // over the bytes consumed so far
  std::uint64_t m_offset = 0;  // stream offset of the next input byte
};

}  // namespace s3load::decode
