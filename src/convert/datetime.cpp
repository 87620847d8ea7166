#include "convert/datetime.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "convert/binary_writer.h"
#include "convert/scan.h"

namespace s3load::convert {

namespace {

constexpr std::int64_t USECS_PER_SECOND = 1000000;
constexpr std::int64_t USECS_PER_DAY = 86400 * USECS_PER_SECOND;
constexpr std::int64_t DAYS_1970_TO_2000 = 10957;
// PostgreSQL's limits (datatype/timestamp.h): timestamps from 4714-11-24 00:00 BC up to, not including,
// 294277-01-01 00:00; dates over the Julian day range, 4714-11-24 BC to 5874897-12-31.
constexpr std::int64_t MIN_TIMESTAMP = -211813488000000000LL;
constexpr std::int64_t END_TIMESTAMP = 9223371331200000000LL;
constexpr std::int64_t JULIAN_MIN_YEAR = -4713;  // astronomical year of 4714 BC
constexpr std::int64_t JULIAN_MAX_YEAR = 5874898;
// Beyond this many days the microseconds overflow int64: such values are out of range anyway.
constexpr std::int64_t MAX_TIMESTAMP_DAYS = 106751991;
constexpr std::int64_t YEAR_CAP = 1000000000;  // years are read up to this, then are simply too large

constexpr std::int32_t DATE_NOBEGIN = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t DATE_NOEND = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t TIMESTAMP_NOBEGIN = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t TIMESTAMP_NOEND = std::numeric_limits<std::int64_t>::max();

bool is_leap_year(std::int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int days_in_month(std::int64_t year, int month) {
  static constexpr int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : DAYS[month - 1];
}

std::int64_t floor_div(std::int64_t value, std::int64_t divisor) {
  const std::int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

// Days since 1970-01-01 of a proleptic Gregorian date (astronomical year: 1 BC is 0), as PostgreSQL's
// date2j counts them. (The well-known era-based algorithm.)
std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2;
  const std::int64_t era = floor_div(year, 400);
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

void civil_from_days(std::int64_t days, std::int64_t& year, int& month, int& day) {
  days += 719468;
  const std::int64_t era = floor_div(days, 146097);
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t month_index = (5 * day_of_year + 2) / 153;
  day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
  month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  year = year_of_era + era * 400 + (month <= 2);
}

// Reads between `min` and `max` digits (max 0: no limit, value capped at YEAR_CAP).
bool read_number(std::string_view text, std::size_t& at, std::size_t min, std::size_t max,
                 std::int64_t& value) {
  const std::size_t start = at;
  value = 0;
  while (at < text.size() && is_digit(text[at]) && (max == 0 || at - start < max)) {
    if (value < YEAR_CAP) value = value * 10 + (text[at] - '0');
    ++at;
  }
  return at - start >= min;
}

bool read_int(std::string_view text, std::size_t& at, std::size_t min, std::size_t max, int& value) {
  std::int64_t wide = 0;
  if (!read_number(text, at, min, max, wide)) return false;
  value = static_cast<int>(wide);
  return true;
}

bool skip_spaces(std::string_view text, std::size_t& at) {
  const std::size_t start = at;
  while (at < text.size() && is_space(text[at]))
    ++at;
  return at != start;
}

// hh:mm[:ss[.fff]] or, as PostgreSQL reads two fields with a fraction, mm:ss.fff.
bool read_time(std::string_view text, std::size_t& at, DateTimeFields& fields) {
  int first = 0;
  int second_field = 0;
  if (!read_int(text, at, 1, 2, first)) return false;
  if (at >= text.size() || text[at] != ':') return false;
  ++at;
  if (!read_int(text, at, 1, 2, second_field)) return false;
  fields.hour = first;
  fields.minute = second_field;
  if (at < text.size() && text[at] == ':') {
    ++at;
    if (!read_int(text, at, 1, 2, fields.second)) return false;
  } else if (at < text.size() && text[at] == '.') {
    fields.hour = 0;
    fields.minute = first;
    fields.second = second_field;
  }
  if (at < text.size() && text[at] == '.') {
    const std::size_t start = ++at;
    while (at < text.size() && is_digit(text[at]))
      ++at;
    fields.microseconds = fraction_to_microseconds(text.substr(start, at - start));
  }
  return true;
}

bool read_iso(std::string_view text, DateTimeFields& fields) {
  std::size_t at = 0;
  if (!read_number(text, at, 3, 0, fields.year)) return false;
  if (at >= text.size() || text[at] != '-') return false;
  ++at;
  if (!read_int(text, at, 1, 2, fields.month)) return false;
  if (at >= text.size() || text[at] != '-') return false;
  ++at;
  if (!read_int(text, at, 1, 2, fields.day)) return false;

  bool spaced = skip_spaces(text, at);
  bool has_time = false;
  if (!spaced && at < text.size() && (text[at] == 'T' || text[at] == 't')) {
    ++at;
    if (!read_time(text, at, fields)) return false;
    has_time = true;
  } else if (spaced && at < text.size() && is_digit(text[at])) {
    if (!read_time(text, at, fields)) return false;
    has_time = true;
  }
  if (has_time) spaced = skip_spaces(text, at);

  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
    fields.has_offset = true;
    skip_spaces(text, at);
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    // Right after a date, "-02" would read as part of it: PostgreSQL wants a space there.
    if (!has_time && !spaced && text[at] == '-') return false;
    const bool negative = text[at] == '-';
    const std::size_t start = ++at;
    while (at < text.size() && (is_digit(text[at]) || text[at] == ':'))
      ++at;
    if (!read_offset(text.substr(start, at - start), negative, fields)) return false;
    skip_spaces(text, at);
  }
  const std::string_view era = text.substr(at);
  if (equals_lower(era, "bc")) {
    fields.bc = true;
    return true;
  }
  return era.empty() || equals_lower(era, "ad");
}

enum class Verdict { ok, invalid, offset_out_of_range, out_of_range };

Verdict to_value(const DateTimeFields& fields, const DateTimeType& type, std::int64_t& value) {
  const bool is_date = type.kind == DateTimeKind::date;
  switch (fields.special) {
    case SpecialTime::infinity:
      value = is_date ? DATE_NOEND : TIMESTAMP_NOEND;
      return Verdict::ok;
    case SpecialTime::negative_infinity:
      value = is_date ? DATE_NOBEGIN : TIMESTAMP_NOBEGIN;
      return Verdict::ok;
    case SpecialTime::epoch:
      value = is_date ? -DAYS_1970_TO_2000 : -DAYS_1970_TO_2000 * USECS_PER_DAY;
      return Verdict::ok;
    case SpecialTime::none:
      break;
  }
  if (fields.offset_out_of_range) return Verdict::offset_out_of_range;
  if (fields.year == 0) return Verdict::invalid;
  const std::int64_t year = fields.bc ? 1 - fields.year : fields.year;
  int month = fields.month;
  int day = fields.day;
  if (fields.day_of_year != 0) {
    if (fields.day_of_year > (is_leap_year(year) ? 366 : 365)) return Verdict::invalid;
    int remaining = fields.day_of_year;
    month = 1;
    while (remaining > days_in_month(year, month)) {
      remaining -= days_in_month(year, month);
      ++month;
    }
    day = remaining;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return Verdict::invalid;
  // PostgreSQL's time_overflows(): 24:00:00 and second 60 are allowed, the total may not pass 24:00:00.
  const std::int64_t time =
      ((static_cast<std::int64_t>(fields.hour) * 60 + fields.minute) * 60 + fields.second) *
          USECS_PER_SECOND +
      fields.microseconds;
  if (fields.hour > 24 || fields.minute > 59 || fields.second > 60 ||
      fields.microseconds > USECS_PER_SECOND || time > USECS_PER_DAY)
    return Verdict::invalid;
  const bool julian_ok =
      (year > JULIAN_MIN_YEAR || (year == JULIAN_MIN_YEAR && (month > 11 || (month == 11 && day >= 24)))) &&
      year < JULIAN_MAX_YEAR;
  if (!julian_ok) return Verdict::out_of_range;
  const std::int64_t days = days_from_civil(year, month, day) - DAYS_1970_TO_2000;
  if (is_date) {
    value = days;  // the time of day, if any, is dropped, as date_in drops it
    return Verdict::ok;
  }
  if (days > MAX_TIMESTAMP_DAYS || days < -MAX_TIMESTAMP_DAYS) return Verdict::out_of_range;
  std::int64_t timestamp = days * USECS_PER_DAY + time;
  if (type.kind == DateTimeKind::timestamptz && fields.has_offset)
    timestamp -= fields.offset_seconds * USECS_PER_SECOND;
  if (timestamp < MIN_TIMESTAMP || timestamp >= END_TIMESTAMP) return Verdict::out_of_range;
  if (type.precision >= 0 && type.precision < 6) {
    // AdjustTimestampForTypmod: half away from zero (relative to 2000-01-01). PostgreSQL checks the range
    // before rounding, not after; the binary receive function checks the value it is sent. So a value that
    // rounds out of range is sent unrounded: the server rounds it the same way and stores what CSV COPY
    // stores.
    static constexpr std::int64_t SCALES[6] = {1000000, 100000, 10000, 1000, 100, 10};
    const std::int64_t scale = SCALES[type.precision];
    const std::int64_t half = scale / 2;
    const std::int64_t rounded =
        timestamp >= 0 ? (timestamp + half) / scale * scale : -(((-timestamp) + half) / scale * scale);
    if (rounded >= MIN_TIMESTAMP && rounded < END_TIMESTAMP) timestamp = rounded;
  }
  value = timestamp;
  return Verdict::ok;
}

const char* expected_form(DateTimeKind kind) {
  switch (kind) {
    case DateTimeKind::date:
      return "YYYY-MM-DD";
    case DateTimeKind::timestamp:
      return "YYYY-MM-DD hh:mm:ss";
    case DateTimeKind::timestamptz:
      break;
  }
  return "YYYY-MM-DD hh:mm:ss±hh:mm";
}

const char* type_word(DateTimeKind kind) {
  switch (kind) {
    case DateTimeKind::date:
      return "date";
    case DateTimeKind::timestamp:
      return "timestamp";
    case DateTimeKind::timestamptz:
      break;
  }
  return "timestamp with time zone";
}

void append_padded(std::string& out, std::int64_t value, int width) {
  char buffer[24];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)error;
  const auto length = static_cast<int>(end - buffer);
  if (length < width) out.append(static_cast<std::size_t>(width - length), '0');
  out.append(buffer, end);
}

}  // namespace

std::int64_t fraction_to_microseconds(std::string_view digits) {
  if (digits.empty()) return 0;
  // strtod(".digits") as PostgreSQL calls it; from_chars rounds correctly too, without the locale.
  char buffer[64];
  std::string long_number;
  const char* begin = buffer;
  std::size_t length = digits.size() + 2;
  if (length <= sizeof buffer) {
    buffer[0] = '0';
    buffer[1] = '.';
    digits.copy(buffer + 2, digits.size());
  } else {  // absurdly many digits: correct all the same
    long_number = "0.";
    long_number.append(digits);
    begin = long_number.data();
  }
  double fraction = 0;
  std::from_chars(begin, begin + length, fraction);
  return static_cast<std::int64_t>(std::nearbyint(fraction * 1000000.0));
}

bool read_offset(std::string_view digits, bool negative, DateTimeFields& fields) {
  std::size_t at = 0;
  std::int64_t hours = 0;
  std::int64_t minutes = 0;
  std::int64_t seconds = 0;
  if (!read_number(digits, at, 1, 0, hours)) return false;
  const std::size_t hour_digits = at;
  if (at < digits.size()) {
    if (digits[at] != ':') return false;
    ++at;
    read_number(digits, at, 0, 0, minutes);
    if (at < digits.size()) {
      if (digits[at] != ':') return false;
      ++at;
      read_number(digits, at, 0, 0, seconds);
      if (at < digits.size()) return false;
    }
  } else if (hour_digits > 2) {  // "0530" (and "530"): hours and minutes run together
    minutes = hours % 100;
    hours /= 100;
  }
  fields.has_offset = true;
  if (hour_digits > 9 || hours > 15 || minutes > 59 || seconds > 59) {
    fields.offset_out_of_range = true;
    return true;
  }
  const std::int64_t offset = hours * 3600 + minutes * 60 + seconds;
  fields.offset_seconds = negative ? -offset : offset;
  return true;
}

Problem parse_datetime(std::string_view text, const DateTimeType& type, std::int64_t& value) {
  const std::string_view trimmed = trim_spaces(text);
  DateTimeFields fields;
  bool matched = true;
  if (equals_lower(trimmed, "infinity")) {
    fields.special = SpecialTime::infinity;
  } else if (equals_lower(trimmed, "-infinity")) {
    fields.special = SpecialTime::negative_infinity;
  } else if (equals_lower(trimmed, "epoch")) {
    fields.special = SpecialTime::epoch;
  } else {
    matched = type.format ? type.format->read(trimmed, fields) : read_iso(trimmed, fields);
  }
  const auto expected = [&] {
    return type.format ? "format " + type.format->text() : std::string(expected_form(type.kind));
  };
  if (!matched)
    return quote_value(text) + " is not a valid " + type_word(type.kind) + " (" + expected() + ")";
  switch (to_value(fields, type, value)) {
    case Verdict::ok:
      return NO_PROBLEM;
    case Verdict::invalid:
      return quote_value(text) + " is not a valid " + type_word(type.kind) + " (" + expected() + ")";
    case Verdict::offset_out_of_range:
      return quote_value(text) + " has a time zone offset out of range (at most ±15:59:59)";
    case Verdict::out_of_range:
      break;
  }
  return quote_value(text) + " is out of range for " + type_word(type.kind) +
         (type.kind == DateTimeKind::date ? " (4714-11-24 BC to 5874897-12-31)"
                                          : " (4714-11-24 BC to 294276-12-31)");
}

Problem datetime_to_binary(std::string_view text, const DateTimeType& type, std::string& out) {
  std::int64_t value = 0;
  if (auto problem = parse_datetime(text, type, value)) return problem;
  if (type.kind == DateTimeKind::date)
    append_i32(out, static_cast<std::int32_t>(value));
  else
    append_i64(out, value);
  return NO_PROBLEM;
}

void append_datetime_text(std::int64_t value, DateTimeKind kind, std::string& out) {
  const bool is_date = kind == DateTimeKind::date;
  if (value == (is_date ? DATE_NOEND : TIMESTAMP_NOEND)) {
    out += "infinity";
    return;
  }
  if (value == (is_date ? DATE_NOBEGIN : TIMESTAMP_NOBEGIN)) {
    out += "-infinity";
    return;
  }
  const std::int64_t days = is_date ? value : floor_div(value, USECS_PER_DAY);
  std::int64_t year = 0;
  int month = 0;
  int day = 0;
  civil_from_days(days + DAYS_1970_TO_2000, year, month, day);
  const bool bc = year <= 0;
  append_padded(out, bc ? 1 - year : year, 4);
  out += '-';
  append_padded(out, month, 2);
  out += '-';
  append_padded(out, day, 2);
  if (!is_date) {
    const std::int64_t time = value - days * USECS_PER_DAY;
    const std::int64_t seconds = time / USECS_PER_SECOND;
    out += ' ';
    append_padded(out, seconds / 3600, 2);
    out += ':';
    append_padded(out, seconds / 60 % 60, 2);
    out += ':';
    append_padded(out, seconds % 60, 2);
    if (const std::int64_t micros = time % USECS_PER_SECOND) {
      out += '.';
      append_padded(out, micros, 6);
    }
    if (kind == DateTimeKind::timestamptz) out += "+00";
  }
  if (bc) out += " BC";
}

}  // namespace s3load::convert
