#include "decode/transcoder.h"

#include <array>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <string>

#include "core/error.h"

namespace s3load::decode {

namespace {

constexpr char32_t UNDEFINED = 0xFFFFFFFF;

// windows-1252 0x80-0x9F (https://encoding.spec.whatwg.org/index-windows-1252.txt, minus the five bytes
// WHATWG maps to C1 controls: Microsoft's own table leaves them undefined).
constexpr std::array<char32_t, 32> WINDOWS_1252_HIGH_CONTROLS = {
    0x20AC,    UNDEFINED, 0x201A, 0x0192, 0x201E, 0x2026,    0x2020, 0x2021,     // 80-87
    0x02C6,    0x2030,    0x0160, 0x2039, 0x0152, UNDEFINED, 0x017D, UNDEFINED,  // 88-8F
    UNDEFINED, 0x2018,    0x2019, 0x201C, 0x201D, 0x2022,    0x2013, 0x2014,     // 90-97
    0x02DC,    0x2122,    0x0161, 0x203A, 0x0153, UNDEFINED, 0x017E, 0x0178,     // 98-9F
};

constexpr Utf8Char utf8(char32_t code_point) {
  Utf8Char out;
  if (code_point == UNDEFINED) return out;
  if (code_point < 0x80) {
    out.length = 1;
    out.bytes[0] = static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out.length = 2;
    out.bytes[0] = static_cast<char>(0xC0 | (code_point >> 6));
    out.bytes[1] = static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out.length = 3;
    out.bytes[0] = static_cast<char>(0xE0 | (code_point >> 12));
    out.bytes[1] = static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out.bytes[2] = static_cast<char>(0x80 | (code_point & 0x3F));
  }
  return out;
}

constexpr std::array<Utf8Char, 256> make_table(bool windows_1252) {
  std::array<Utf8Char, 256> table{};
  for (char32_t byte = 0; byte < 256; ++byte) {
    const bool high_control = byte >= 0x80 && byte < 0xA0;
    table[byte] = utf8(windows_1252 && high_control ? WINDOWS_1252_HIGH_CONTROLS[byte - 0x80] : byte);
  }
  return table;
}

constexpr std::array<Utf8Char, 256> WINDOWS_1252 = make_table(true);
constexpr std::array<Utf8Char, 256> LATIN_1 = make_table(false);

constexpr std::uint64_t HIGH_BITS = 0x8080808080808080ULL;

std::string hex_byte(unsigned char byte) {
  constexpr char HEX[] = "0123456789ABCDEF";
  return std::string("0x") + HEX[byte >> 4] + HEX[byte & 0xF];
}

}  // namespace

SingleByteTranscoder::SingleByteTranscoder(Encoding encoding, bool decompressed)
    : m_table(nullptr),
      m_encoding(encoding),
      m_decompressed(decompressed),
      m_count_lines(encoding == Encoding::windows_1252) {
  if (encoding == Encoding::windows_1252)
    m_table = WINDOWS_1252.data();
  else if (encoding == Encoding::latin_1)
    m_table = LATIN_1.data();
  else
    throw std::invalid_argument("SingleByteTranscoder: not a single-byte encoding");
}

TranscodeStep SingleByteTranscoder::transcode(std::string_view input, char* output, std::size_t output_size) {
  const char* in = input.data();
  const char* const in_end = in + input.size();
  char* out = output;
  char* const out_end = output + output_size;
  const Utf8Char* const table = m_table;

  while (in < in_end) {
    // ASCII runs (most of a CSV file) are copied eight bytes at a time, up to the next byte >= 0x80.
    while (in_end - in >= 8 && out_end - out >= 8) {
      std::uint64_t word;
      std::memcpy(&word, in, 8);
      std::memcpy(out, in, 8);  // only the ASCII prefix counts; the rest is overwritten
      const std::uint64_t high = word & HIGH_BITS;
      if (high == 0) {
        in += 8;
        out += 8;
        continue;
      }
      const int ascii =
          (std::endian::native == std::endian::little ? std::countr_zero(high) : std::countl_zero(high)) / 8;
      in += ascii;
      out += ascii;
      break;
    }
    if (in == in_end) break;
    const auto byte = static_cast<unsigned char>(*in);
    const Utf8Char& mapped = table[byte];
    if (out_end - out >= static_cast<std::ptrdiff_t>(MAX_OUTPUT_PER_BYTE)) {
      if (mapped.length == 0) {
        if (in != input.data()) break;  // hand out what came before it first
        fail(byte);
      }
      std::memcpy(out, mapped.bytes, MAX_OUTPUT_PER_BYTE);  // the bytes past length are overwritten later
      out += mapped.length;
      ++in;
      continue;
    }
    // Near the end of the output: copy exactly, and stop before a character that does not fit.
    if (mapped.length == 0) {
      if (in != input.data()) break;
      fail(byte);
    }
    if (out_end - out < mapped.length) break;
    std::memcpy(out, mapped.bytes, mapped.length);
    out += mapped.length;
    ++in;
  }

  const auto consumed = static_cast<std::size_t>(in - input.data());
  if (m_count_lines) m_lines.advance(input.substr(0, consumed));
  m_offset += consumed;
  return TranscodeStep{consumed, static_cast<std::size_t>(out - output)};
}

void SingleByteTranscoder::fail(unsigned char byte) const {
  throw Failure(permanent_error(
      "bad_encoding",
      "line " + std::to_string(m_lines.line()) + ": byte " + hex_byte(byte) + " at byte offset " +
          std::to_string(m_offset) + (m_decompressed ? " of the decompressed data" : "") + " is not a " +
          std::string(to_string(m_encoding)) +
          " character (0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined there); the file is in another "
          "encoding: set the feed's encoding to match it (utf-8, windows-1252 or latin-1)"));
}

}  // namespace s3load::decode
