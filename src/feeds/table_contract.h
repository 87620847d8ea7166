// What a target table looks like: the feed's contract comes from the table itself, so there is no second
// schema to keep in sync. Read from the catalog by src/pg/table_info.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace s3load {

struct ColumnInfo {
  std::string name;
  std::string
      type_name;  // format_type(): "numeric(12,2)", "character varying(40)", "timestamp with time zone"
  std::string base_type;  // typname of the type (or of a domain's base type): "numeric", "varchar", "int4"
  std::uint32_t type_oid = 0;  // of the base type
  std::int32_t typmod = -1;    // of the column (or the domain)
  bool not_null = false;
  bool has_default = false;  // a DEFAULT, identity or serial: may be left out of the file
  bool generated = false;    // GENERATED ALWAYS AS (…) STORED: never written
  bool is_array = false;
};

struct TableInfo {
  std::string schema;
  std::string name;
  std::vector<ColumnInfo> columns;                    // in table order, without dropped columns
  std::vector<std::vector<std::string>> unique_keys;  // primary key first, then unique constraints/indexes
};

}  // namespace s3load
