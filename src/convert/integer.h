// int2, int4 and int8 as PostgreSQL reads them: optional surrounding whitespace, an optional sign and
// decimal digits (leading zeros allowed), range-checked.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "convert/problem.h"

namespace s3load::convert {

enum class IntegerType { int2, int4, int8 };

// Parses an integer of `type` into `value`.
Problem parse_integer(std::string_view text, IntegerType type, std::int64_t& value);

// Appends the binary COPY value (2, 4 or 8 bytes, big-endian).
Problem integer_to_binary(std::string_view text, IntegerType type, std::string& out);

}  // namespace s3load::convert
