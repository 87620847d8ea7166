#include "convert/floating.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "convert/binary_writer.h"
#include "convert/scan.h"

namespace s3load::convert {

namespace {

// Whether the significand (before the exponent) has a non-zero digit: such a value that parsed as zero
// underflowed.
bool has_nonzero_digit(std::string_view number, std::chars_format format) {
  const bool hex = format == std::chars_format::hex;
  for (const char c : number) {
    const char lower = ascii_lower(c);
    if (lower == (hex ? 'p' : 'e')) break;
    if ((c >= '1' && c <= '9') || (hex && lower >= 'a' && lower <= 'f')) return true;
  }
  return false;
}

template <class Float>
Problem parse_float(std::string_view text, const char* type_name, Float& value) {
  std::string_view body = trim_spaces(text);
  bool negative = false;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  const auto not_a_number = [&] { return quote_value(text) + " is not a number (" + type_name + ")"; };
  // from_chars takes no sign of its own here (we took it) and no "0x" prefix (strtod does).
  if (body.empty() || body.front() == '+' || body.front() == '-') return not_a_number();
  auto format = std::chars_format::general;
  if (body.size() >= 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
    body.remove_prefix(2);
    format = std::chars_format::hex;
    if (body.empty() || body.front() == '+' || body.front() == '-') return not_a_number();
  }
  Float parsed = 0;
  const char* end = body.data() + body.size();
  const auto [stop, error] = std::from_chars(body.data(), end, parsed, format);
  if (stop != end) return not_a_number();
  const bool infinite_literal = !body.empty() && (body.front() == 'i' || body.front() == 'I');
  const bool nan_literal = !body.empty() && (body.front() == 'n' || body.front() == 'N');
  if (error == std::errc::result_out_of_range || (std::isinf(parsed) && !infinite_literal) ||
      (parsed == 0 && !nan_literal && has_nonzero_digit(body, format)))
    return quote_value(text) + " is out of range for " + type_name;
  if (error != std::errc()) return not_a_number();
  value = negative ? -parsed : parsed;
  return NO_PROBLEM;
}

}  // namespace

Problem parse_float8(std::string_view text, double& value) {
  return parse_float(text, "double precision", value);
}
Problem parse_float4(std::string_view text, float& value) {
  return parse_float(text, "real", value);
}

Problem float8_to_binary(std::string_view text, std::string& out) {
  double value = 0;
  if (auto problem = parse_float8(text, value)) return problem;
  append_u64(out, std::bit_cast<std::uint64_t>(value));
  return NO_PROBLEM;
}

Problem float4_to_binary(std::string_view text, std::string& out) {
  float value = 0;
  if (auto problem = parse_float4(text, value)) return problem;
  append_u32(out, std::bit_cast<std::uint32_t>(value));
  return NO_PROBLEM;
}

}  // namespace s3load::convert
