// Per-column date formats (feed option date_formats): a small, documented strftime subset.
//
//   %Y  4-digit year           %y  2-digit year: 00–69 → 2000–2069, 70–99 → 1970–1999 (PostgreSQL's rule)
//   %m  month, 1–2 digits      %b %h  month abbreviation (Jan…Dec)     %B  month name (January…)
//   %d  day, 1–2 digits        %e  day, 1–2 digits, may start with a space
//   %j  day of the year, 1–3 digits
//   %H  hour 0–24, %M minute, %S second (0–60): 1–2 digits each
//   %f  fraction of a second, 1 or more digits (rounded to microseconds as PostgreSQL rounds)
//   %z  Z, ±hh, ±hhmm or ±hh:mm
//   %%  a literal %
// Any other character must appear as written. Names match in any case. A format needs a year and
// either %j or a month and a day. "infinity", "-infinity" and "epoch" are accepted whatever the format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convert/datetime_fields.h"

namespace s3load::convert {

class DateFormat {
 public:
  // The format, or why it is not one (for configuration errors).
  static std::optional<DateFormat> parse(std::string_view format, std::string& error);

  // Reads `text` (already trimmed) into `fields`; false when it does not match.
  bool read(std::string_view text, DateTimeFields& fields) const;

  // The format as messages quote it (bytes that are not UTF-8 shown as \xNN).
  const std::string& text() const { return m_text; }

 private:
  enum class Item {
    literal,
    year4,
    year2,
    month,
    month_abbreviation,
    month_name,
    day,
    day_space,
    day_of_year,
    hour,
    minute,
    second,
    fraction,
    offset
  };
  struct Step {
    Item item;
    char literal = 0;
  };

  std::string m_text;
  std::vector<Step> m_steps;
};

// Why `format` is not a valid date format, or nullopt. For validating the feeds config at start-up.
std::optional<std::string> check_date_format(std::string_view format);

}  // namespace s3load::convert
