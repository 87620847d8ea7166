#include "convert/date_format.h"

#include "convert/scan.h"
#include "convert/utf8.h"

namespace s3load::convert {

namespace {

constexpr std::string_view MONTH_NAMES[12] = {"january",   "february", "march",    "april",
                                              "may",       "june",     "july",     "august",
                                              "september", "october",  "november", "december"};

bool read_digits(std::string_view text, std::size_t& at, std::size_t min, std::size_t max, int& value) {
  const std::size_t start = at;
  value = 0;
  while (at < text.size() && at - start < max && is_digit(text[at])) {
    value = value * 10 + (text[at] - '0');
    ++at;
  }
  return at - start >= min;
}

// A month name (full) or its three-letter abbreviation at `at`.
bool read_month_name(std::string_view text, std::size_t& at, bool full, int& month) {
  for (int i = 0; i < 12; ++i) {
    const std::string_view name = full ? MONTH_NAMES[i] : MONTH_NAMES[i].substr(0, 3);
    if (starts_with_lower(text.substr(at), name)) {
      at += name.size();
      month = i + 1;
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<DateFormat> DateFormat::parse(std::string_view format, std::string& error) {
  DateFormat parsed;
  // Messages quote the format; only what is printable UTF-8 may go into them.
  parsed.m_text = escape_bad_text(format, 200);
  std::string quoted = parsed.m_text;
  quoted.insert(quoted.begin(), '"');
  quoted.push_back('"');
  int years = 0;
  int months = 0;
  int days = 0;
  int days_of_year = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      parsed.m_steps.push_back({Item::literal, format[i]});
      continue;
    }
    if (++i == format.size()) {
      error = "date format " + quoted + " ends with a lone %";
      return std::nullopt;
    }
    Item item = Item::literal;
    switch (format[i]) {
      case '%':
        parsed.m_steps.push_back({Item::literal, '%'});
        continue;
      case 'Y':
        item = Item::year4, ++years;
        break;
      case 'y':
        item = Item::year2, ++years;
        break;
      case 'm':
        item = Item::month, ++months;
        break;
      case 'b':
      case 'h':
        item = Item::month_abbreviation, ++months;
        break;
      case 'B':
        item = Item::month_name, ++months;
        break;
      case 'd':
        item = Item::day, ++days;
        break;
      case 'e':
        item = Item::day_space, ++days;
        break;
      case 'j':
        item = Item::day_of_year, ++days_of_year;
        break;
      case 'H':
        item = Item::hour;
        break;
      case 'M':
        item = Item::minute;
        break;
      case 'S':
        item = Item::second;
        break;
      case 'f':
        item = Item::fraction;
        break;
      case 'z':
        item = Item::offset;
        break;
      default:
        error = "date format " + quoted + " has an unknown directive %" +
                escape_bad_text(format.substr(i, 1)) +
                " (known: %Y %y %m %b %h %B %d %e %j %H %M %S %f %z %%)";
        return std::nullopt;
    }
    parsed.m_steps.push_back({item});
  }
  const bool month_and_day = months == 1 && days == 1 && days_of_year == 0;
  const bool day_of_year = months == 0 && days == 0 && days_of_year == 1;
  if (years != 1 || !(month_and_day || day_of_year)) {
    error = "date format " + quoted +
            " needs exactly one year (%Y or %y) and either one month and one day or one %j";
    return std::nullopt;
  }
  return parsed;
}

bool DateFormat::read(std::string_view text, DateTimeFields& fields) const {
  std::size_t at = 0;
  for (const Step& step : m_steps) {
    int number = 0;
    switch (step.item) {
      case Item::literal:
        if (at >= text.size() || text[at] != step.literal) return false;
        ++at;
        break;
      case Item::year4:
        if (!read_digits(text, at, 4, 4, number)) return false;
        fields.year = number;
        break;
      case Item::year2:
        if (!read_digits(text, at, 2, 2, number)) return false;
        fields.year = number < 70 ? 2000 + number : 1900 + number;
        break;
      case Item::month:
        if (!read_digits(text, at, 1, 2, fields.month)) return false;
        break;
      case Item::month_abbreviation:
      case Item::month_name:
        if (!read_month_name(text, at, step.item == Item::month_name, fields.month)) return false;
        break;
      case Item::day_space:
        if (at < text.size() && text[at] == ' ') ++at;
        [[fallthrough]];
      case Item::day:
        if (!read_digits(text, at, 1, 2, fields.day)) return false;
        break;
      case Item::day_of_year:
        if (!read_digits(text, at, 1, 3, fields.day_of_year) || fields.day_of_year == 0) return false;
        break;
      case Item::hour:
        if (!read_digits(text, at, 1, 2, fields.hour)) return false;
        break;
      case Item::minute:
        if (!read_digits(text, at, 1, 2, fields.minute)) return false;
        break;
      case Item::second:
        if (!read_digits(text, at, 1, 2, fields.second)) return false;
        break;
      case Item::fraction: {
        const std::size_t start = at;
        while (at < text.size() && is_digit(text[at]))
          ++at;
        if (at == start) return false;
        fields.microseconds = fraction_to_microseconds(text.substr(start, at - start));
        break;
      }
      case Item::offset: {
        if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
          ++at;
          fields.has_offset = true;
          break;
        }
        if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return false;
        const bool negative = text[at] == '-';
        const std::size_t start = ++at;
        while (at < text.size() && (is_digit(text[at]) || text[at] == ':'))
          ++at;
        if (!read_offset(text.substr(start, at - start), negative, fields)) return false;
        break;
      }
    }
  }
  return at == text.size();
}

std::optional<std::string> check_date_format(std::string_view format) {
  std::string error;
  if (!DateFormat::parse(format, error)) return error;
  return std::nullopt;
}

}  // namespace s3load::convert
