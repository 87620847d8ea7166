// UTF-8 checks as PostgreSQL makes them (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), so a value accepted here is accepted by a UTF8 database.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace s3load::convert {

// Length of the well-formed UTF-8 sequence starting at `at` (1 for ASCII, NUL included), or 0 when the
// bytes there are not UTF-8.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

// Offset of the first byte that is NUL or not UTF-8, or nullopt. The common all-ASCII case is a fast scan.
std::optional<std::size_t> find_bad_text_byte(std::string_view text);

// Why `text` cannot be stored as PostgreSQL text (NUL byte or invalid UTF-8, naming the 1-based byte
// position), or an empty string when it can.
std::string describe_bad_text(std::string_view text, std::size_t offset);

// `text` made storable as PostgreSQL text: NUL and bytes that are not UTF-8 become \xNN. When the result
// would exceed `max_bytes` it is cut at a character boundary and ends with "…".
std::string escape_bad_text(std::string_view text, std::size_t max_bytes = std::string_view::npos);

// Number of characters (code points) of valid UTF-8.
std::size_t utf8_length(std::string_view text);

// Byte length of the first `characters` characters of valid UTF-8 (all of it when shorter).
std::size_t utf8_prefix_bytes(std::string_view text, std::size_t characters);

}  // namespace s3load::convert
