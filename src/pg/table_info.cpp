#include "pg/table_info.h"

namespace s3load::pg {

TableInfo read_table_info(Connection& connection, const std::string& schema, const std::string& table) {
  const auto relation =
      connection.exec("SELECT to_regclass(format('%I.%I', $1::text, $2::text))::oid", {schema, table});
  if (relation.is_null(0, 0))
    throw Failure(
        permanent_error("table_not_found", "target table " + schema + "." + table +
                                               " does not exist (create it, or fix \"table\" in the feed)"));
  const std::string oid(relation.text(0, 0));

  TableInfo info;
  info.schema = schema;
  info.name = table;
  // Domains are resolved to their base type, which decides how values are checked and encoded.
  const auto columns = connection.exec(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
      "       coalesce(bt.typname, t.typname), coalesce(bt.oid, t.oid), "
      "       CASE WHEN a.atttypmod >= 0 OR t.typtype <> 'd' THEN a.atttypmod ELSE t.typtypmod END, "
      "       a.attnotnull OR coalesce(t.typnotnull, false), "
      "       a.atthasdef OR a.attidentity <> '', a.attgenerated <> '', "
      "       coalesce(bt.typcategory, t.typcategory) = 'A' "
      "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
      "LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype "
      "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
      {oid});
  for (int row = 0; row < columns.rows(); ++row) {
    ColumnInfo column;
    column.name = std::string(columns.text(row, 0));
    column.type_name = std::string(columns.text(row, 1));
    column.base_type = std::string(columns.text(row, 2));
    column.type_oid = static_cast<std::uint32_t>(columns.integer(row, 3));
    column.typmod = static_cast<std::int32_t>(columns.integer(row, 4));
    column.not_null = columns.boolean(row, 5);
    column.has_default = columns.boolean(row, 6);
    column.generated = columns.boolean(row, 7);
    column.is_array = columns.boolean(row, 8);
    info.columns.push_back(std::move(column));
  }

  const auto keys = connection.exec(
      "SELECT array_to_string(array_agg(a.attname ORDER BY k.ord), chr(31)) "
      "FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
      "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
      "WHERE i.indrelid = $1::oid AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL "
      "GROUP BY i.indexrelid, i.indisprimary ORDER BY i.indisprimary DESC, i.indexrelid",
      {oid});
  for (int row = 0; row < keys.rows(); ++row) {
    std::vector<std::string> key;
    std::string_view text = keys.text(row, 0);
    while (!text.empty()) {
      const auto comma = text.find('\x1f');  // unit separator: cannot clash with a column name
      key.emplace_back(text.substr(0, comma));
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
    info.unique_keys.push_back(std::move(key));
  }
  return info;
}

}  // namespace s3load::pg
