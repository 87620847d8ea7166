#include "ops/since.h"

#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>

namespace s3load::ops {

namespace {

Error bad_since(std::string_view text, std::string_view why = {}) {
  std::string message = "--since \"" + std::string(text) + "\" ";
  message += why.empty() ? "is not a duration or a date" : why;
  return permanent_error("bad_since", message + "; use " + std::string(SINCE_FORMS));
}

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> fixed_number(std::string_view text, std::size_t& pos, std::size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

Result<std::optional<double>> parse_duration(std::string_view text, double now) {
  const char unit = text.back();
  double seconds_per_unit = 0;
  switch (unit) {
    case 's':
      seconds_per_unit = 1;
      break;
    case 'm':
      seconds_per_unit = 60;
      break;
    case 'h':
      seconds_per_unit = 3600;
      break;
    case 'd':
      seconds_per_unit = 86400;
      break;
    case 'w':
      seconds_per_unit = 7 * 86400;
      break;
    default:
      return bad_since(text, "has an unknown unit (use s, m, h, d or w)");
  }
  const std::string_view number = text.substr(0, text.size() - 1);
  std::uint32_t count = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), count);
  if (error != std::errc() || end != number.data() + number.size() || number.empty()) return bad_since(text);
  if (count * seconds_per_unit > 100.0 * 366 * 86400)
    return bad_since(text, "reaches back more than 100 years");
  return std::optional<double>(now - count * seconds_per_unit);
}

Result<std::optional<double>> parse_timestamp(std::string_view text) {
  std::size_t pos = 0;
  const auto year = fixed_number(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return bad_since(text);
  const auto month = fixed_number(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return bad_since(text);
  const auto day = fixed_number(text, pos, 2);
  if (!day) return bad_since(text);
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return bad_since(text, "is not a calendar date");
  double seconds = static_cast<double>(std::chrono::sys_days(date).time_since_epoch().count()) * 86400;

  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    ++pos;
    const auto hour = fixed_number(text, pos, 2);
    if (!hour || !expect(text, pos, ':')) return bad_since(text);
    const auto minute = fixed_number(text, pos, 2);
    if (!minute) return bad_since(text);
    int second = 0;
    double fraction = 0;
    if (expect(text, pos, ':')) {
      const auto parsed = fixed_number(text, pos, 2);
      if (!parsed) return bad_since(text);
      second = *parsed;
      if (expect(text, pos, '.')) {
        double scale = 0.1;
        const std::size_t start = pos;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
          fraction += (text[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) return bad_since(text);
      }
    }
    if (*hour > 23 || *minute > 59 || second > 59) return bad_since(text, "is not a time of day");
    seconds += *hour * 3600 + *minute * 60 + second + fraction;

    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
      ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      const int sign = text[pos] == '+' ? 1 : -1;
      ++pos;
      const auto offset_hours = fixed_number(text, pos, 2);
      if (!offset_hours) return bad_since(text);
      expect(text, pos, ':');
      int offset_minutes = 0;
      if (pos < text.size()) {
        const auto parsed = fixed_number(text, pos, 2);
        if (!parsed) return bad_since(text);
        offset_minutes = *parsed;
      }
      if (*offset_hours > 18 || offset_minutes > 59) return bad_since(text, "has an impossible UTC offset");
      // 10:00+01:00 is 09:00 UTC.
      seconds -= sign * (*offset_hours * 3600 + offset_minutes * 60);
    }
  }
  if (pos != text.size()) return bad_since(text);
  return std::optional<double>(seconds);
}

}  // namespace

Result<std::optional<double>> parse_since(std::string_view text, double now) {
  if (text == "all") return std::optional<double>();
  if (text.empty()) return bad_since(text, "is empty");
  if (text.size() >= 10 && text[4] == '-') return parse_timestamp(text);
  if (std::isdigit(static_cast<unsigned char>(text.front()))) return parse_duration(text, now);
  return bad_since(text);
}

std::string format_utc(double epoch_seconds) {
  const auto seconds = static_cast<std::time_t>(std::floor(epoch_seconds));
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d UTC", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
  return text;
}

}  // namespace s3load::ops
