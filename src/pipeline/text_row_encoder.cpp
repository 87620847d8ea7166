#include <algorithm>

#include "pipeline/row_encoder.h"

namespace s3load {

namespace {

class TextRowEncoder : public RowEncoder {
 public:
  TextRowEncoder(const FeedConfig& feed, const TableInfo& table, const ColumnMapping& mapping)
      : m_feed(feed), m_table(table), m_mapping(mapping) {}

  std::string copy_options() const override { return "(FORMAT text)"; }

  std::optional<RowProblem> encode(const csv::Record& record, std::string& out) override {
    if (record.fields.size() != m_mapping.field_count)
      return RowProblem{"", "expected " + std::to_string(m_mapping.field_count) + " fields, found " +
                                std::to_string(record.fields.size())};
    const std::size_t start = out.size();
    for (std::size_t i = 0; i < m_mapping.copy_fields.size(); ++i) {
      const auto& field = record.fields[m_mapping.copy_fields[i]];
      if (i) out += '\t';
      if (!field.quoted && is_null(field.value)) {
        out += "\\N";
        continue;
      }
      if (field.value.find('\0') != std::string_view::npos) {
        out.resize(start);
        return RowProblem{m_table.columns[m_mapping.copy_columns[i]].name,
                          "contains a NUL byte, which PostgreSQL text cannot store"};
      }
      append_escaped(field.value, out);
    }
    out += '\n';
    return std::nullopt;
  }

 private:
  bool is_null(std::string_view value) const {
    return std::find(m_feed.null_values.begin(), m_feed.null_values.end(), value) != m_feed.null_values.end();
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
};

}  // namespace

std::unique_ptr<RowEncoder> make_text_encoder(const FeedConfig& feed, const TableInfo& table,
                                              const ColumnMapping& mapping) {
  return std::make_unique<TextRowEncoder>(feed, table, mapping);
}

}  // namespace s3load
