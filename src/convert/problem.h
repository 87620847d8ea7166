// How converters report a value they refuse, and how they quote it.
//
// A converter appends the converted value to its output and returns NO_PROBLEM, or leaves the output as
// it was and returns the reason: one sentence for an operator that quotes the value and says what was
// expected, e.g. `"12a" is not an integer`. Reasons are built only on the error path, so converting a
// valid value never allocates.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace s3load::convert {

using Problem = std::optional<std::string>;
inline constexpr std::nullopt_t NO_PROBLEM = std::nullopt;

// Values quoted in reasons are cut after this many bytes (at a character boundary).
inline constexpr std::size_t MAX_QUOTED_BYTES = 60;

// `"value"`: at most MAX_QUOTED_BYTES of it (then "…"), control characters, NUL and bytes that are not
// UTF-8 written as \xNN, so the reason itself is always printable UTF-8.
std::string quote_value(std::string_view value);

}  // namespace s3load::convert
