// Which CSV field goes to which table column: explicit renames first, then a case- and
// space-insensitive match ("Order ID" ≈ "order_id"). Pure: knows only names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "feeds/feed_config.h"
#include "feeds/table_contract.h"

namespace s3load {

// The column that replace mode maintains itself.
inline constexpr std::string_view INGESTION_ID_COLUMN = "s3load_ingestion_id";

struct ColumnMapping {
  std::size_t field_count = 0;  // fields every record must have
  std::vector<std::optional<std::size_t>>
      field_column;                       // per field: index into TableInfo::columns, or ignored
  std::vector<std::size_t> copy_columns;  // table columns written, in COPY order
  std::vector<std::size_t> copy_fields;   // the field feeding each COPY column
};

// "Order ID " → "order_id": lower case, trimmed, runs of spaces, '-' and '_' become one '_'.
std::string normalize_column_name(std::string_view name);

// Maps a header record. Errors (permanent, code "header_mismatch") name the missing required
// columns, the unexpected fields and duplicates, and say how to fix them.
Result<ColumnMapping> map_header(const std::vector<std::string>& header, const TableInfo& table,
                                 const FeedConfig& feed);

// Without a header: fields map to the table's writable columns in table order.
Result<ColumnMapping> map_positional(std::size_t field_count, const TableInfo& table, const FeedConfig& feed);

}  // namespace s3load
