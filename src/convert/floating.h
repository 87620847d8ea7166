// real (float4) and double precision (float8) as PostgreSQL reads them with strtof/strtod in the C
// locale: whitespace around the value; NaN, Infinity, inf with optional sign (case-insensitive); decimal
// or hexadecimal (0x…p…) notation, correctly rounded. A value that rounds to infinity, or a non-zero value
// that rounds to zero, is out of range; subnormal results are kept (as PostgreSQL keeps them).
#pragma once

#include <string>
#include <string_view>

#include "convert/problem.h"

namespace s3load::convert {

Problem parse_float8(std::string_view text, double& value);
Problem parse_float4(std::string_view text, float& value);

// Append the binary COPY value: the IEEE 754 bits, big-endian.
Problem float8_to_binary(std::string_view text, std::string& out);
Problem float4_to_binary(std::string_view text, std::string& out);

}  // namespace s3load::convert
