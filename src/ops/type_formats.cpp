#include "ops/type_formats.h"

#include <string_view>

#include "convert/numeric.h"
#include "convert/text.h"

namespace s3load::ops {

namespace {

struct TypeFormat {
  std::string_view base_type;  // pg_type.typname
  std::string_view accepted;
};

// One row per type the converters check before COPY (src/convert/). Other types are checked by
// PostgreSQL itself.
constexpr TypeFormat TYPE_FORMATS[] = {
    {"int2", "whole number from -32768 to 32767"},
    {"int4", "whole number from -2147483648 to 2147483647"},
    {"int8", "whole number from -9223372036854775808 to 9223372036854775807"},
    {"numeric",
     "decimal number with '.' as the decimal point, e.g. 1234.56, -0.5, 1.5e3; no thousands separators"},
    {"float4", "number with '.' as the decimal point, exponent allowed, e.g. 1.5, -2.5e-3; NaN, Infinity"},
    {"float8", "number with '.' as the decimal point, exponent allowed, e.g. 1.5, -2.5e-3; NaN, Infinity"},
    {"bool", "true/false, yes/no, on/off, t/f, y/n or 1/0, any case"},
    {"text", "any UTF-8 text"},
    {"varchar", "UTF-8 text"},
    {"bpchar", "UTF-8 text"},
    {"name", "UTF-8 text of at most 63 bytes"},
    {"date", "YYYY-MM-DD, e.g. 2026-11-27"},
    {"timestamp",
     "YYYY-MM-DD hh:mm[:ss[.ffffff]] with 'T' or a space before the time, e.g. 2026-11-27 14:05:00"},
    {"timestamptz",
     "YYYY-MM-DD hh:mm[:ss[.ffffff]] with 'T' or a space before the time and an optional offset (Z, +01, "
     "+0100, +01:00); without an offset the time is UTC, e.g. 2026-11-27T14:05:00Z"},
    {"uuid",
     "32 hexadecimal digits, usually 8-4-4-4-12 with hyphens, e.g. a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
    {"json", "a JSON value; in CSV, quote the field and double the quotes inside it"},
    {"jsonb", "a JSON value; in CSV, quote the field and double the quotes inside it"},
};

bool is_date_time(std::string_view base_type) {
  return base_type == "date" || base_type == "timestamp" || base_type == "timestamptz";
}

std::string numeric_limits(std::int32_t typmod) {
  const auto limits = convert::decode_numeric_typmod(typmod);
  if (!limits) return "";
  const int precision = limits->precision;
  const int scale = limits->scale;
  if (scale >= 0 && scale <= precision)
    return "; at most " + std::to_string(precision - scale) + " digits before the point, rounded to " +
           std::to_string(scale) + " decimal" + (scale == 1 ? "" : "s");
  return "; rounded as numeric(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
}

std::string length_limit(std::string_view base_type, std::int32_t typmod) {
  const auto type = convert::text_type(
      base_type == "bpchar" ? convert::TextKind::bpchar : convert::TextKind::varchar, typmod);
  if (type.max_characters < 0) return "";
  const std::string characters = std::to_string(type.max_characters) + " characters";
  if (base_type == "bpchar") return " of at most " + characters + " (shorter values are padded with spaces)";
  return " of at most " + characters;
}

}  // namespace

std::string accepted_values(const ColumnInfo& column,
                            const std::map<std::string, std::string>& date_formats) {
  if (column.is_array) return "a PostgreSQL array literal, e.g. {1,2,3} (checked by the database)";
  if (is_date_time(column.base_type)) {
    if (auto format = date_formats.find(column.name); format != date_formats.end())
      return "as " + format->second + " (the feed's date_formats; strftime-style)";
  }
  for (const auto& entry : TYPE_FORMATS) {
    if (entry.base_type != column.base_type) continue;
    std::string text(entry.accepted);
    if (column.base_type == "numeric") text += numeric_limits(column.typmod);
    if (column.base_type == "varchar" || column.base_type == "bpchar")
      text += length_limit(column.base_type, column.typmod);
    return text;
  }
  return "as PostgreSQL reads " + column.type_name + " (checked by the database)";
}

}  // namespace s3load::ops
