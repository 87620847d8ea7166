// Helpers for the libFuzzer targets: invariant checks that abort (so libFuzzer records the input), a
// UTF-8 validator, and a reader that takes fuzzer bytes as parameters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace s3load::fuzz {

// An invariant of the code under test: a violation aborts with a message, which libFuzzer reports as a
// crash and saves the input for.
inline void check(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  std::abort();
}

// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
inline bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t point = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    }
    if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
      point = byte & 0x1Fu;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
      point = byte & 0x0Fu;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
      point = byte & 0x07u;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      point = (point << 6) | (next & 0x3Fu);
    }
    if ((length == 3 && point < 0x800) || (length == 4 && (point < 0x10000 || point > 0x10FFFF)) ||
        (point >= 0xD800 && point <= 0xDFFF))
      return false;
    i += length;
  }
  return true;
}

// FNV-1a of the whole input: parameters derived from it leave the input itself untouched, so committed
// seeds (plain CSV, gzip, JSON files) are read exactly as they are.
inline std::uint32_t hash(const std::uint8_t* data, std::size_t size) {
  std::uint32_t value = 2166136261u;
  for (std::size_t i = 0; i < size; ++i)
    value = (value ^ data[i]) * 16777619u;
  return value;
}

// Takes parameters from the front of the fuzzer's input; the rest is the payload.
class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}

  // The next byte, or 0 when the input is used up.
  std::uint8_t byte() {
    if (m_position >= m_size) return 0;
    return m_data[m_position++];
  }

  std::string_view rest() const {
    return {reinterpret_cast<const char*>(m_data) + m_position, m_size - m_position};
  }

 private:
  const std::uint8_t* m_data;
  std::size_t m_size;
  std::size_t m_position = 0;
};

// A small deterministic generator for chunk sizes (xorshift), seeded from the input.
class Chunker {
 public:
  explicit Chunker(std::uint32_t seed) : m_state(seed * 2654435761u + 1u) {}
  // A size in [1, limit].
  std::size_t next(std::size_t limit) {
    m_state ^= m_state << 13;
    m_state ^= m_state >> 17;
    m_state ^= m_state << 5;
    // Mostly tiny chunks (boundaries everywhere), sometimes large ones.
    const std::size_t size = (m_state & 3u) == 0 ? m_state % 4096 : m_state % 8;
    return 1 + size % limit;
  }

 private:
  std::uint32_t m_state;
};

}  // namespace s3load::fuzz
