#include "convert/numeric.h"

#include <cstdint>

#include "convert/binary_writer.h"
#include "convert/scan.h"

namespace s3load::convert {

namespace {

// numeric's storage limits (PostgreSQL's numeric.c): a base-10000 weight in int16, a display scale of
// at most 0x3FFF, and an exponent below INT_MAX / 2 in magnitude.
constexpr std::int64_t MAX_INTEGER_DIGITS = 131072;
constexpr std::int64_t MAX_DISPLAY_SCALE = 16383;
constexpr std::int64_t MAX_EXPONENT = 1073741823;

constexpr std::uint16_t SIGN_POSITIVE = 0x0000;
constexpr std::uint16_t SIGN_NEGATIVE = 0x4000;
constexpr std::uint16_t SIGN_NAN = 0xC000;
constexpr std::uint16_t SIGN_INFINITY = 0xD000;
constexpr std::uint16_t SIGN_NEGATIVE_INFINITY = 0xF000;

enum class Special { none, nan, infinity, negative_infinity };

// A decimal as written: sign, integer digits, fraction digits and exponent.
struct Written {
  bool negative = false;
  std::string_view integer_digits;
  std::string_view fraction_digits;
  std::int64_t exponent = 0;
};

enum class ParseOutcome { ok, syntax, out_of_range };

ParseOutcome parse_written(std::string_view text, Written& written) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    written.negative = text.front() == '-';
    text.remove_prefix(1);
  }
  std::size_t at = 0;
  while (at < text.size() && is_digit(text[at]))
    ++at;
  written.integer_digits = text.substr(0, at);
  if (at < text.size() && text[at] == '.') {
    const std::size_t start = ++at;
    while (at < text.size() && is_digit(text[at]))
      ++at;
    written.fraction_digits = text.substr(start, at - start);
  }
  if (written.integer_digits.empty() && written.fraction_digits.empty()) return ParseOutcome::syntax;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    bool negative = false;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) negative = text[at++] == '-';
    const std::size_t start = at;
    std::int64_t exponent = 0;
    while (at < text.size() && is_digit(text[at])) {
      if (exponent < MAX_EXPONENT) exponent = exponent * 10 + (text[at] - '0');
      ++at;
    }
    if (at == start) return ParseOutcome::syntax;
    if (exponent >= MAX_EXPONENT) return ParseOutcome::out_of_range;
    written.exponent = negative ? -exponent : exponent;
  }
  if (at != text.size()) return ParseOutcome::syntax;
  return ParseOutcome::ok;
}

// The significant digits of a value: 0.d1d2…dn × 10^point, d1 and dn non-zero (count 0 means zero).
// The digits are read from the written text, with an optional replacement of the last one (rounding up
// changes only the last kept digit: the 9s after it become trailing zeros, which are dropped).
class Significand {
 public:
  explicit Significand(const Written& written)
      : m_integer(written.integer_digits), m_fraction(written.fraction_digits) {
    const std::size_t total = m_integer.size() + m_fraction.size();
    std::size_t first = 0;
    while (first < total && raw(first) == '0')
      ++first;
    if (first == total) return;  // zero
    std::size_t last = total - 1;
    while (raw(last) == '0')
      --last;
    m_first = first;
    m_count = static_cast<std::int64_t>(last - first + 1);
    m_point =
        static_cast<std::int64_t>(m_integer.size()) + written.exponent - static_cast<std::int64_t>(first);
  }

  std::int64_t count() const { return m_count; }
  std::int64_t point() const { return m_point; }
  bool is_zero() const { return m_count == 0; }
  int digit(std::int64_t i) const {
    if (i == m_count - 1 && m_last_override) return m_last_override;
    return raw(m_first + static_cast<std::size_t>(i)) - '0';
  }

  // Rounds half away from zero to `scale` digits after the decimal point (negative: before it).
  void round_to_scale(std::int64_t scale) {
    if (is_zero()) return;
    const std::int64_t keep = m_point + scale;
    if (keep >= m_count) return;
    if (keep < 0) {
      m_count = 0;
      return;
    }
    const bool up = digit(keep) >= 5;
    m_count = keep;
    if (!up) {
      while (m_count > 0 && digit(m_count - 1) == 0)
        --m_count;
      return;
    }
    while (m_count > 0 && digit(m_count - 1) == 9)
      --m_count;
    if (m_count == 0) {  // 9…9 became 10…0
      m_count = 1;
      m_point += 1;
      m_last_override = 1;
      return;
    }
    m_last_override = digit(m_count - 1) + 1;
  }

 private:
  char raw(std::size_t i) const {
    return i < m_integer.size() ? m_integer[i] : m_fraction[i - m_integer.size()];
  }

  std::string_view m_integer;
  std::string_view m_fraction;
  std::size_t m_first = 0;
  std::int64_t m_count = 0;
  std::int64_t m_point = 0;
  int m_last_override = 0;
};

std::int64_t floor_div4(std::int64_t value) {
  return value >= 0 ? value / 4 : -((-value + 3) / 4);
}

void append_special(std::string& out, std::uint16_t sign) {
  append_i16(out, 0);
  append_i16(out, 0);
  append_u16(out, sign);
  append_i16(out, 0);
}

void append_finite(std::string& out, bool negative, const Significand& value, std::int64_t dscale) {
  if (value.is_zero()) {
    append_i16(out, 0);
    append_i16(out, 0);
    append_u16(out, SIGN_POSITIVE);
    append_i16(out, static_cast<std::int16_t>(dscale));
    return;
  }
  static constexpr int POWERS[4] = {1, 10, 100, 1000};
  const std::int64_t weight = floor_div4(value.point() - 1);
  const std::int64_t lowest = floor_div4(value.point() - value.count());
  append_i16(out, static_cast<std::int16_t>(weight - lowest + 1));
  append_i16(out, static_cast<std::int16_t>(weight));
  append_u16(out, negative ? SIGN_NEGATIVE : SIGN_POSITIVE);
  append_i16(out, static_cast<std::int16_t>(dscale));
  std::int64_t group = weight;
  int accumulated = 0;
  for (std::int64_t i = 0; i < value.count(); ++i) {
    const std::int64_t exponent = value.point() - 1 - i;
    const std::int64_t digit_group = floor_div4(exponent);
    while (digit_group < group) {
      append_i16(out, static_cast<std::int16_t>(accumulated));
      accumulated = 0;
      --group;
    }
    accumulated += value.digit(i) * POWERS[exponent - 4 * digit_group];
  }
  append_i16(out, static_cast<std::int16_t>(accumulated));
}

std::string type_name(const NumericTypmod& typmod) {
  return "numeric(" + std::to_string(typmod.precision) + "," + std::to_string(typmod.scale) + ")";
}

std::string out_of_range(std::string_view text) {
  return quote_value(text) +
         " is out of range for numeric (at most 131072 digits before and 16383 after the decimal point)";
}

}  // namespace

std::optional<NumericTypmod> decode_numeric_typmod(std::int32_t typmod) {
  if (typmod < 4) return std::nullopt;  // VARHDRSZ: anything below is "no typmod"
  const auto bits = static_cast<std::uint32_t>(typmod - 4);
  NumericTypmod decoded;
  decoded.precision = static_cast<int>((bits >> 16) & 0xFFFF);
  // The scale is an 11-bit two's complement number since PostgreSQL 15.
  decoded.scale = static_cast<int>((bits & 0x7FF) ^ 1024) - 1024;
  return decoded;
}

Problem numeric_to_binary(std::string_view text, std::int32_t typmod, std::string& out) {
  const std::string_view value = trim_spaces(text);
  const auto constraint = decode_numeric_typmod(typmod);

  Special special = Special::none;
  if (equals_lower(value, "nan")) {
    special = Special::nan;
  } else if (equals_lower(value, "infinity") || equals_lower(value, "+infinity") ||
             equals_lower(value, "inf") || equals_lower(value, "+inf")) {
    special = Special::infinity;
  } else if (equals_lower(value, "-infinity") || equals_lower(value, "-inf")) {
    special = Special::negative_infinity;
  }
  if (special == Special::nan) {
    append_special(out, SIGN_NAN);
    return NO_PROBLEM;
  }
  if (special != Special::none) {
    if (constraint)
      return quote_value(text) + " cannot be stored in " + type_name(*constraint) +
             ", which holds only finite values";
    append_special(out, special == Special::infinity ? SIGN_INFINITY : SIGN_NEGATIVE_INFINITY);
    return NO_PROBLEM;
  }

  Written written;
  switch (parse_written(value, written)) {
    case ParseOutcome::ok:
      break;
    case ParseOutcome::syntax:
      return quote_value(text) + " is not a number";
    case ParseOutcome::out_of_range:
      return out_of_range(text);
  }
  std::int64_t dscale = static_cast<std::int64_t>(written.fraction_digits.size()) - written.exponent;
  if (dscale < 0) dscale = 0;
  // Without a typmod the written display scale is stored, and must fit; with one, the typmod's is.
  if (!constraint && dscale > MAX_DISPLAY_SCALE) return out_of_range(text);

  Significand significand(written);
  if (constraint) {
    const std::int64_t point_before = significand.point();
    significand.round_to_scale(constraint->scale);
    dscale = constraint->scale > 0 ? constraint->scale : 0;
    const std::int64_t allowed = constraint->precision - constraint->scale;
    if (!significand.is_zero() && significand.point() > allowed) {
      if (allowed <= 0)
        return quote_value(text) + " is too large for " + type_name(*constraint) +
               ": it must round to an absolute value below 10^" + std::to_string(allowed);
      const bool rounded_up = significand.point() != point_before;
      return quote_value(text) + " has " + std::to_string(significand.point()) + " integer digits" +
             (rounded_up ? " once rounded to " + std::to_string(constraint->scale) + " decimal places" : "") +
             "; " + type_name(*constraint) + " allows " + std::to_string(allowed);
    }
  } else if (!significand.is_zero() && significand.point() > MAX_INTEGER_DIGITS) {
    return out_of_range(text);
  }
  append_finite(out, written.negative, significand, dscale);
  return NO_PROBLEM;
}

bool json_number_fits_numeric(std::string_view number) {
  Written written;
  if (parse_written(number, written) != ParseOutcome::ok) return false;
  const std::int64_t dscale = static_cast<std::int64_t>(written.fraction_digits.size()) - written.exponent;
  if (dscale > MAX_DISPLAY_SCALE) return false;
  const Significand significand(written);
  return significand.is_zero() || significand.point() <= MAX_INTEGER_DIGITS;
}

}  // namespace s3load::convert
