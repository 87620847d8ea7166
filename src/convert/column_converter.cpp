#include "convert/column_converter.h"

#include <algorithm>

#include "convert/boolean.h"
#include "convert/floating.h"
#include "convert/numeric.h"
#include "convert/uuid.h"

namespace s3load::convert {

namespace {

// Built-in type OIDs (pg_type.dat); stable across PostgreSQL versions.
constexpr std::uint32_t BOOL_OID = 16;
constexpr std::uint32_t NAME_OID = 19;
constexpr std::uint32_t INT8_OID = 20;
constexpr std::uint32_t INT2_OID = 21;
constexpr std::uint32_t INT4_OID = 23;
constexpr std::uint32_t TEXT_OID = 25;
constexpr std::uint32_t JSON_OID = 114;
constexpr std::uint32_t FLOAT4_OID = 700;
constexpr std::uint32_t FLOAT8_OID = 701;
constexpr std::uint32_t BPCHAR_OID = 1042;
constexpr std::uint32_t VARCHAR_OID = 1043;
constexpr std::uint32_t DATE_OID = 1082;
constexpr std::uint32_t TIMESTAMP_OID = 1114;
constexpr std::uint32_t TIMESTAMPTZ_OID = 1184;
constexpr std::uint32_t NUMERIC_OID = 1700;
constexpr std::uint32_t UUID_OID = 2950;
constexpr std::uint32_t JSONB_OID = 3802;

}  // namespace

std::optional<ColumnConverter> ColumnConverter::for_column(const ColumnInfo& column,
                                                           const std::string* date_format) {
  if (column.is_array) return std::nullopt;
  ColumnConverter converter;
  converter.m_typmod = column.typmod;
  switch (column.type_oid) {
    case INT2_OID:
    case INT4_OID:
    case INT8_OID:
      converter.m_kind = Kind::integer;
      converter.m_integer = column.type_oid == INT2_OID   ? IntegerType::int2
                            : column.type_oid == INT4_OID ? IntegerType::int4
                                                          : IntegerType::int8;
      break;
    case NUMERIC_OID:
      converter.m_kind = Kind::numeric;
      break;
    case FLOAT4_OID:
      converter.m_kind = Kind::float4;
      break;
    case FLOAT8_OID:
      converter.m_kind = Kind::float8;
      break;
    case BOOL_OID:
      converter.m_kind = Kind::boolean;
      break;
    case TEXT_OID:
    case VARCHAR_OID:
    case BPCHAR_OID:
    case NAME_OID:
      converter.m_kind = Kind::text;
      converter.m_text = text_type(column.type_oid == TEXT_OID      ? TextKind::text
                                   : column.type_oid == VARCHAR_OID ? TextKind::varchar
                                   : column.type_oid == BPCHAR_OID  ? TextKind::bpchar
                                                                    : TextKind::name,
                                   column.typmod);
      break;
    case DATE_OID:
    case TIMESTAMP_OID:
    case TIMESTAMPTZ_OID:
      converter.m_kind = Kind::datetime;
      converter.m_datetime.kind = column.type_oid == DATE_OID        ? DateTimeKind::date
                                  : column.type_oid == TIMESTAMP_OID ? DateTimeKind::timestamp
                                                                     : DateTimeKind::timestamptz;
      converter.m_datetime.precision = column.type_oid == DATE_OID ? -1 : column.typmod;
      break;
    case UUID_OID:
      converter.m_kind = Kind::uuid;
      break;
    case JSON_OID:
    case JSONB_OID:
      converter.m_kind = Kind::json;
      converter.m_json = column.type_oid == JSON_OID ? JsonKind::json : JsonKind::jsonb;
      break;
    default:
      return std::nullopt;
  }
  if (date_format) {
    std::string error;
    if (converter.m_kind != Kind::datetime) {
      converter.m_configuration_problem = "date_formats has an entry for column " + column.name +
                                          ", whose type " + column.type_name +
                                          " takes no format; remove it from the feed's date_formats";
    } else if (auto format = DateFormat::parse(*date_format, error)) {
      converter.m_format = std::make_shared<const DateFormat>(std::move(*format));
      converter.m_datetime.format = converter.m_format.get();
    } else {
      converter.m_configuration_problem = error + " (feed option date_formats, column " + column.name + ")";
    }
  }
  return converter;
}

Problem ColumnConverter::to_binary(std::string_view text, std::string& out) {
  if (!m_configuration_problem.empty()) return m_configuration_problem;
  switch (m_kind) {
    case Kind::integer:
      return integer_to_binary(text, m_integer, out);
    case Kind::numeric:
      return numeric_to_binary(text, m_typmod, out);
    case Kind::float4:
      return float4_to_binary(text, out);
    case Kind::float8:
      return float8_to_binary(text, out);
    case Kind::boolean:
      return boolean_to_binary(text, out);
    case Kind::text:
      return text_to_binary(text, m_text, out);
    case Kind::datetime:
      return datetime_to_binary(text, m_datetime, out);
    case Kind::uuid:
      return uuid_to_binary(text, out);
    case Kind::json:
      return json_to_binary(text, m_json, out, m_scratch);
  }
  return NO_PROBLEM;
}

Problem ColumnConverter::to_iso_text(std::string_view text, std::string& out) {
  if (!m_configuration_problem.empty()) return m_configuration_problem;
  std::int64_t value = 0;
  if (auto problem = parse_datetime(text, m_datetime, value)) return problem;
  append_datetime_text(value, m_datetime.kind, out);
  return NO_PROBLEM;
}

bool is_null_field(const csv::Field& field, const std::vector<std::string>& null_values) {
  if (field.quoted) return false;
  return std::find(null_values.begin(), null_values.end(), field.value) != null_values.end();
}

std::string not_null_reason(std::string_view value) {
  if (value.empty()) return "is empty, which means NULL, but the column is NOT NULL (give a value)";
  return quote_value(value) + " means NULL (feed option null), but the column is NOT NULL (give a value)";
}

}  // namespace s3load::convert
