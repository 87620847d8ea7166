// A date and time as read from a value, before validation: shared by the ISO 8601 reader
// (datetime.cpp) and the per-column formats (date_format.cpp).
#pragma once

#include <cstdint>
#include <string_view>

namespace s3load::convert {

enum class SpecialTime { none, infinity, negative_infinity, epoch };

struct DateTimeFields {
  SpecialTime special = SpecialTime::none;
  std::int64_t year = 0;  // as written: 1 or more; with `bc`, 1 BC is year 1
  bool bc = false;
  int month = 0;
  int day = 0;
  int day_of_year = 0;  // used instead of month and day when non-zero (%j)
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::int64_t microseconds = 0;  // 0 to 1,000,000 (PostgreSQL rounds .9999995 up to a full second)
  bool has_offset = false;
  std::int64_t offset_seconds = 0;  // east of UTC
  bool offset_out_of_range = false;
};

// Microseconds from fraction digits (without the point) as PostgreSQL computes them:
// rint(strtod(".digits") * 1e6), so 7 and more digits round exactly as the server rounds them.
std::int64_t fraction_to_microseconds(std::string_view digits);

// Reads a numeric offset after its sign ("05", "5", "0530", "05:30", "05:30:15", "05:") as PostgreSQL's
// DecodeTimezone does. Returns false on a syntax error; sets offset_out_of_range when a part is too large.
bool read_offset(std::string_view digits, bool negative, DateTimeFields& fields);

}  // namespace s3load::convert
