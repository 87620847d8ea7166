#include "pipeline/binary_row_encoder.h"

#include <limits>
#include <string_view>
#include <vector>

#include "convert/binary_writer.h"
#include "convert/column_converter.h"

namespace s3load {

namespace {

// PostgreSQL binary COPY: an 11-byte signature, 32-bit flags (0: no OIDs), a 32-bit header extension
// length (0); each row is a 16-bit field count and, per field, a 32-bit length (-1 for NULL) and the bytes;
// the trailer is a field count of -1. https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.4
constexpr std::string_view SIGNATURE("PGCOPY\n\377\r\n\0", 11);

class BinaryRowEncoder : public RowEncoder {
 public:
  BinaryRowEncoder(const FeedConfig& feed, const TableInfo& table, const ColumnMapping& mapping,
                   std::vector<convert::ColumnConverter> converters)
      : m_feed(feed), m_table(table), m_mapping(mapping), m_converters(std::move(converters)) {}

  std::string copy_options() const override { return "(FORMAT binary)"; }

  std::string header() const override {
    std::string bytes(SIGNATURE);
    convert::append_u32(bytes, 0);
    convert::append_u32(bytes, 0);
    return bytes;
  }

  std::string trailer() const override {
    std::string bytes;
    convert::append_i16(bytes, -1);
    return bytes;
  }

  std::optional<RowProblem> encode(const csv::Record& record, std::string& out) override {
    if (record.fields.size() != m_mapping.field_count)
      return RowProblem{"", "expected " + std::to_string(m_mapping.field_count) + " fields, found " +
                                std::to_string(record.fields.size())};
    const std::size_t start = out.size();
    convert::append_i16(out, static_cast<std::int16_t>(m_converters.size()));
    for (std::size_t i = 0; i < m_converters.size(); ++i) {
      const csv::Field& field = record.fields[m_mapping.copy_fields[i]];
      const ColumnInfo& column = m_table.columns[m_mapping.copy_columns[i]];
      if (convert::is_null_field(field, m_feed.null_values)) {
        if (column.not_null) return fail(out, start, column, convert::not_null_reason(field.value));
        convert::append_i32(out, -1);
        continue;
      }
      const std::size_t length_at = out.size();
      convert::append_i32(out, 0);
      if (auto problem = m_converters[i].to_binary(field.value, out))
        return fail(out, start, column, *problem);
      const std::size_t length = out.size() - length_at - 4;
      if (length > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        return fail(out, start, column, "value too large for PostgreSQL (more than 2 GiB)");
      convert::patch_i32(out, length_at, static_cast<std::int32_t>(length));
    }
    return std::nullopt;
  }

 private:
  static std::optional<RowProblem> fail(std::string& out, std::size_t start, const ColumnInfo& column,
                                        std::string reason) {
    out.resize(start);
    return RowProblem{column.name, std::move(reason)};
  }

  const FeedConfig& m_feed;
  const TableInfo& m_table;
  const ColumnMapping& m_mapping;
  std::vector<convert::ColumnConverter> m_converters;
};

}  // namespace

std::unique_ptr<RowEncoder> make_binary_encoder(const FeedConfig& feed, const TableInfo& table,
                                                const ColumnMapping& mapping) {
  std::vector<convert::ColumnConverter> converters;
  converters.reserve(mapping.copy_columns.size());
  for (const std::size_t index : mapping.copy_columns) {
    const ColumnInfo& column = table.columns[index];
    const auto format = feed.date_formats.find(column.name);
    auto converter = convert::ColumnConverter::for_column(
        column, format == feed.date_formats.end() ? nullptr : &format->second);
    if (!converter) return nullptr;
    converters.push_back(std::move(*converter));
  }
  return std::make_unique<BinaryRowEncoder>(feed, table, mapping, std::move(converters));
}

}  // namespace s3load
