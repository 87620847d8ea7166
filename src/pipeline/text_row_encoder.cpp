#include <optional>
#include <vector>

#include "convert/column_converter.h"
#include "convert/utf8.h"
#include "pipeline/row_encoder.h"

namespace s3load {

namespace {

// Text COPY: the server parses the values. Columns whose type has a converter are still checked here
// (the same checks as binary COPY, so errors are row-precise and the accepted inputs are the same whatever
// the other columns' types); their text is sent as written, except formatted dates and timestamps, which
// are sent in ISO form. Other columns are checked for NUL bytes and UTF-8 only.
class TextRowEncoder : public RowEncoder {
 public:
  TextRowEncoder(const FeedConfig& feed, const TableInfo& table, const ColumnMapping& mapping)
      : m_feed(feed), m_table(table), m_mapping(mapping) {
    for (const std::size_t index : mapping.copy_columns) {
      const ColumnInfo& column = table.columns[index];
      const auto format = feed.date_formats.find(column.name);
      const std::string* date_format = format == feed.date_formats.end() ? nullptr : &format->second;
      m_converters.push_back(convert::ColumnConverter::for_column(column, date_format));
      m_configuration_problems.push_back(!m_converters.back() && date_format
                                             ? "date_formats has an entry for column " + column.name +
                                                   ", whose type " + column.type_name +
                                                   " takes no format; remove it from the feed's date_formats"
                                             : "");
    }
  }

  std::string copy_options() const override { return "(FORMAT text)"; }

  std::optional<RowProblem> encode(const csv::Record& record, std::string& out) override {
    if (record.fields.size() != m_mapping.field_count)
      return RowProblem{"", "expected " + std::to_string(m_mapping.field_count) + " fields, found " +
                                std::to_string(record.fields.size())};
    const std::size_t start = out.size();
    for (std::size_t i = 0; i < m_mapping.copy_fields.size(); ++i) {
      const csv::Field& field = record.fields[m_mapping.copy_fields[i]];
      const ColumnInfo& column = m_table.columns[m_mapping.copy_columns[i]];
      if (i) out += '\t';
      if (convert::is_null_field(field, m_feed.null_values)) {
        if (column.not_null) return fail(out, start, column, convert::not_null_reason(field.value));
        out += "\\N";
        continue;
      }
      if (auto problem = check_and_append(i, field.value, out))
        return fail(out, start, column, std::move(*problem));
    }
    out += '\n';
    return std::nullopt;
  }

 private:
  convert::Problem check_and_append(std::size_t i, std::string_view value, std::string& out) {
    if (!m_configuration_problems[i].empty()) return m_configuration_problems[i];
    auto& converter = m_converters[i];
    if (!converter) {
      if (auto problem = convert::check_text(value)) return problem;
    } else if (converter->rewrites_text()) {
      return converter->to_iso_text(value, out);  // ISO text has nothing to escape
    } else {
      m_scratch.clear();
      if (auto problem = converter->to_binary(value, m_scratch)) return problem;
    }
    append_escaped(value, out);
    return convert::NO_PROBLEM;
  }

  static std::optional<RowProblem> fail(std::string& out, std::size_t start, const ColumnInfo& column,
                                        std::string reason) {
    out.resize(start);
    return RowProblem{column.name, std::move(reason)};
  }

  // COPY text format: backslash, tab, newline and carriage return are escaped.
  // https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.2
  static void append_escaped(std::string_view value, std::string& out) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const char c = value[i];
      const char* escape = c == '\\'   ? "\\\\"
                           : c == '\t' ? "\\t"
                           : c == '\n' ? "\\n"
                           : c == '\r' ? "\\r"
                                       : nullptr;
      if (!escape) continue;
      out.append(value.substr(run, i - run));
      out.append(escape);
      run = i + 1;
    }
    out.append(value.substr(run));
  }

  const FeedConfig& m_feed;
  const TableInfo& m_table;
  const ColumnMapping& m_mapping;
  std::vector<std::optional<convert::ColumnConverter>> m_converters;
  std::vector<std::string> m_configuration_problems;
  std::string m_scratch;
};

}  // namespace

std::unique_ptr<RowEncoder> make_text_encoder(const FeedConfig& feed, const TableInfo& table,
                                              const ColumnMapping& mapping) {
  return std::make_unique<TextRowEncoder>(feed, table, mapping);
}

}  // namespace s3load
