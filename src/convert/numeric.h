// numeric and numeric(p,s) exactly as PostgreSQL 15 reads them (numeric_in + apply_typmod):
// whitespace around the value; NaN, Infinity, inf with optional sign (case-insensitive); otherwise
// [+-]digits[.digits][e[+-]digits] with at least one digit. With a typmod the value is rounded to the
// scale half away from zero, then its integer digits are checked against precision - scale (scale may
// be negative or larger than the precision since PostgreSQL 15). Without one, the display scale is the
// number of fraction digits written (minus the exponent), so "1.50" stays 1.50.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "convert/problem.h"

namespace s3load::convert {

struct NumericTypmod {
  int precision = 0;
  int scale = 0;
};

// The precision and scale of a numeric column's typmod, or nullopt for plain numeric (typmod -1).
std::optional<NumericTypmod> decode_numeric_typmod(std::int32_t typmod);

// Appends the binary COPY value (numeric_send's layout: ndigits, weight, sign, dscale, base-10000 digits).
Problem numeric_to_binary(std::string_view text, std::int32_t typmod, std::string& out);

// Whether a JSON number token (already known to be well-formed) fits numeric, as jsonb requires.
bool json_number_fits_numeric(std::string_view number);

}  // namespace s3load::convert
