// Big-endian appends: PostgreSQL's binary formats are in network byte order.
#pragma once

#include <cstdint>
#include <string>

namespace s3load::convert {

inline void append_u16(std::string& out, std::uint16_t value) {
  const char bytes[2] = {static_cast<char>(value >> 8), static_cast<char>(value)};
  out.append(bytes, 2);
}

inline void append_u32(std::string& out, std::uint32_t value) {
  const char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
                         static_cast<char>(value >> 8), static_cast<char>(value)};
  out.append(bytes, 4);
}

inline void append_u64(std::string& out, std::uint64_t value) {
  append_u32(out, static_cast<std::uint32_t>(value >> 32));
  append_u32(out, static_cast<std::uint32_t>(value));
}

inline void append_i16(std::string& out, std::int16_t value) {
  append_u16(out, static_cast<std::uint16_t>(value));
}
inline void append_i32(std::string& out, std::int32_t value) {
  append_u32(out, static_cast<std::uint32_t>(value));
}
inline void append_i64(std::string& out, std::int64_t value) {
  append_u64(out, static_cast<std::uint64_t>(value));
}

// Overwrites 4 bytes at `at` (a length prefix written before its value was known).
inline void patch_i32(std::string& out, std::size_t at, std::int32_t value) {
  const auto bits = static_cast<std::uint32_t>(value);
  out[at] = static_cast<char>(bits >> 24);
  out[at + 1] = static_cast<char>(bits >> 16);
  out[at + 2] = static_cast<char>(bits >> 8);
  out[at + 3] = static_cast<char>(bits);
}

}  // namespace s3load::convert
