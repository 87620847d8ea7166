#include "convert/integer.h"

#include <limits>

#include "convert/binary_writer.h"
#include "convert/scan.h"

namespace s3load::convert {

namespace {

struct IntegerRange {
  const char* name;
  std::int64_t min;
  std::int64_t max;
};

IntegerRange range_of(IntegerType type) {
  switch (type) {
    case IntegerType::int2:
      return {"smallint", std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::int16_t>::max()};
    case IntegerType::int4:
      return {"integer", std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
    case IntegerType::int8:
      break;
  }
  return {"bigint", std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
}

}  // namespace

Problem parse_integer(std::string_view text, IntegerType type, std::int64_t& value) {
  const IntegerRange range = range_of(type);
  std::string_view digits = trim_spaces(text);
  bool negative = false;
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) return quote_value(text) + " is not an integer";
  // Accumulate the magnitude as unsigned so that the most negative value fits.
  const std::uint64_t limit =
      negative ? static_cast<std::uint64_t>(-(range.min + 1)) + 1 : static_cast<std::uint64_t>(range.max);
  std::uint64_t magnitude = 0;
  bool overflow = false;
  for (const char c : digits) {
    if (!is_digit(c)) return quote_value(text) + " is not an integer";
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (!overflow && magnitude > (limit - digit) / 10) overflow = true;
    if (!overflow) magnitude = magnitude * 10 + digit;
  }
  if (overflow)
    return quote_value(text) + " is out of range for " + range.name + " (" + std::to_string(range.min) +
           " to " + std::to_string(range.max) + ")";
  value = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
  return NO_PROBLEM;
}

Problem integer_to_binary(std::string_view text, IntegerType type, std::string& out) {
  std::int64_t value = 0;
  if (auto problem = parse_integer(text, type, value)) return problem;
  switch (type) {
    case IntegerType::int2:
      append_i16(out, static_cast<std::int16_t>(value));
      break;
    case IntegerType::int4:
      append_i32(out, static_cast<std::int32_t>(value));
      break;
    case IntegerType::int8:
      append_i64(out, value);
      break;
  }
  return NO_PROBLEM;
}

}  // namespace s3load::convert
