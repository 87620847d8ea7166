// date, timestamp and timestamptz.
//
// Accepted input (surrounding whitespace ignored), ISO 8601 as PostgreSQL reads it:
//   YYYY-MM-DD                       year of 3+ digits (taken as written), month and day of 1–2 digits
//   [T or spaces] hh:mm[:ss[.fff…]]  1–2 digit fields; any number of fraction digits, rounded to
//                                    microseconds exactly as PostgreSQL rounds them; 24:00:00 and
//                                    second 60 roll over as in PostgreSQL
//   [spaces] Z | ±hh | ±hhmm | ±hh:mm[:ss]   offset, at most ±15:59:59
//   [spaces] BC | AD
//   infinity, -infinity, epoch (any case)
// With a per-column format (date_formats) the value must match the format instead (date_format.h).
//
// timestamptz: a value without an offset is in the load session's time zone, which the loader sets to
// UTC, so it is read as UTC. timestamp: an offset is checked and then ignored, as PostgreSQL ignores it.
// date: a time and an offset are checked and then ignored, as PostgreSQL ignores them.
// Binary values: date = int32 days since 2000-01-01; timestamp[tz] = int64 microseconds since
// 2000-01-01 00:00 (UTC for timestamptz); ±infinity are the int32/int64 extremes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "convert/date_format.h"
#include "convert/problem.h"

namespace s3load::convert {

enum class DateTimeKind { date, timestamp, timestamptz };

struct DateTimeType {
  DateTimeKind kind = DateTimeKind::date;
  int precision = -1;                  // timestamp(p): 0–6; -1 for full microseconds
  const DateFormat* format = nullptr;  // per-column format, or null for ISO 8601
};

// The value in PostgreSQL's representation: days (date) or microseconds (timestamps) since 2000-01-01,
// rounded to timestamp(p)'s precision, except a value that would round out of range, which is left for
// the server to round (it checks the range before rounding).
Problem parse_datetime(std::string_view text, const DateTimeType& type, std::int64_t& value);

// Appends the binary COPY value.
Problem datetime_to_binary(std::string_view text, const DateTimeType& type, std::string& out);

// Appends the ISO text of a parsed value ("2024-02-29", "2024-02-29 10:00:00.5", "… +00", " BC",
// "infinity"): what text COPY sends for a column with a format, so the server reads the same value.
void append_datetime_text(std::int64_t value, DateTimeKind kind, std::string& out);

}  // namespace s3load::convert
