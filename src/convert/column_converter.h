// The converter of one table column: picks the per-type function from the column's type (by OID, so a
// user type that happens to be called "int4" is not mistaken for the built-in) and its typmod.
//
// Types with a converter: smallint, integer, bigint, numeric[(p,s)], real, double precision, boolean,
// text, varchar[(n)], char(n)/bpchar, name, date, timestamp[(p)], timestamptz[(p)], uuid, json, jsonb,
// and domains over them (domain constraints are still checked by the server). Arrays and every other
// type have none: a file for such a table goes as text COPY and the server parses those values.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "convert/date_format.h"
#include "convert/datetime.h"
#include "convert/integer.h"
#include "convert/json.h"
#include "convert/problem.h"
#include "convert/text.h"
#include "csv/csv_reader.h"
#include "feeds/feed_config.h"
#include "feeds/table_contract.h"

namespace s3load::convert {

class ColumnConverter {
 public:
  // The converter for `column`, or nullopt when its type has none. `date_format` is the column's entry in
  // the feed's date_formats, if any (an invalid format, or one on a column that is not a date or
  // timestamp, makes every non-NULL value of the column a problem that names the configuration error).
  static std::optional<ColumnConverter> for_column(const ColumnInfo& column, const std::string* date_format);

  // Appends the binary COPY value (without its length).
  Problem to_binary(std::string_view text, std::string& out);

  // Whether text COPY must send another text than the value itself (a formatted date or timestamp).
  bool rewrites_text() const { return m_format != nullptr; }
  // Appends the ISO text of a formatted date or timestamp, for text COPY.
  Problem to_iso_text(std::string_view text, std::string& out);

 private:
  enum class Kind { integer, numeric, float4, float8, boolean, text, datetime, uuid, json };

  ColumnConverter() = default;

  Kind m_kind = Kind::text;
  IntegerType m_integer = IntegerType::int4;
  std::int32_t m_typmod = -1;
  TextType m_text;
  DateTimeType m_datetime;
  JsonKind m_json = JsonKind::json;
  std::shared_ptr<const DateFormat> m_format;  // shared so that copies keep m_datetime.format valid
  std::string m_configuration_problem;
  std::string m_scratch;
};

// Whether a field is NULL: not quoted, and equal to one of the feed's null values.
bool is_null_field(const csv::Field& field, const std::vector<std::string>& null_values);

// The reason for a NULL in a NOT NULL column.
std::string not_null_reason(std::string_view value);

}  // namespace s3load::convert
