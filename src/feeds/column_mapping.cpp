#include "feeds/column_mapping.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "convert/utf8.h"

namespace s3load {

std::string normalize_column_name(std::string_view name) {
  std::string out;
  bool pending_separator = false;
  for (const char c : name) {
    if (c == ' ' || c == '_' || c == '-' || c == '\t') {
      pending_separator = !out.empty();
      continue;
    }
    if (pending_separator) out += '_';
    pending_separator = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

namespace {

bool writable(const ColumnInfo& column, const FeedConfig& feed) {
  if (column.generated) return false;
  if (feed.mode == LoadMode::replace && column.name == INGESTION_ID_COLUMN) return false;
  return true;
}

std::string join_quoted(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names)
    text += (text.empty() ? "\"" : ", \"") + convert::escape_bad_text(name, 200) + "\"";
  return text;
}

// Columns that must come from the file: NOT NULL and no default.
Result<ColumnMapping> check_required(ColumnMapping mapping, const TableInfo& table, const FeedConfig& feed,
                                     std::vector<std::string> problems) {
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const auto& column = table.columns[i];
    if (!writable(column, feed) || !column.not_null || column.has_default) continue;
    if (std::find(mapping.copy_columns.begin(), mapping.copy_columns.end(), i) == mapping.copy_columns.end())
      missing.push_back(column.name);
  }
  if (!missing.empty())
    problems.insert(problems.begin(), "missing required column" +
                                          std::string(missing.size() > 1 ? "s " : " ") +
                                          join_quoted(missing) + " (NOT NULL without a default in " +
                                          table.schema + "." + table.name + ")");
  if (problems.empty()) return mapping;
  std::string message = "header does not match table " + table.schema + "." + table.name + ": ";
  for (std::size_t i = 0; i < problems.size(); ++i)
    message += (i ? "; " : "") + problems[i];
  return permanent_error("header_mismatch", message);
}

}  // namespace

Result<ColumnMapping> map_header(const std::vector<std::string>& header, const TableInfo& table,
                                 const FeedConfig& feed) {
  std::map<std::string, std::size_t> by_exact;
  std::map<std::string, std::size_t> by_normalized;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (!writable(table.columns[i], feed)) continue;
    by_exact.emplace(table.columns[i].name, i);
    by_normalized.emplace(normalize_column_name(table.columns[i].name), i);
  }

  ColumnMapping mapping;
  mapping.field_count = header.size();
  std::vector<std::string> unexpected;
  std::vector<std::string> problems;
  std::map<std::size_t, std::string> taken;  // column → header that claimed it
  for (std::size_t field = 0; field < header.size(); ++field) {
    const std::string& name = header[field];
    std::optional<std::size_t> column;
    const auto rename = std::find_if(feed.column_renames.begin(), feed.column_renames.end(),
                                     [&](const auto& pair) { return pair.first == name; });
    if (rename != feed.column_renames.end()) {
      const auto target = by_exact.find(rename->second);
      if (target == by_exact.end()) {
        problems.push_back("[feed.columns] maps \"" + name + "\" to \"" + rename->second +
                           "\", which is not a column of " + table.schema + "." + table.name);
        mapping.field_column.push_back(std::nullopt);
        continue;
      }
      column = target->second;
    } else if (auto exact = by_exact.find(name); exact != by_exact.end()) {
      column = exact->second;
    } else if (auto loose = by_normalized.find(normalize_column_name(name)); loose != by_normalized.end()) {
      column = loose->second;
    }
    if (!column) {
      if (feed.extra_columns == ExtraColumns::reject) unexpected.push_back(name);
      mapping.field_column.push_back(std::nullopt);
      continue;
    }
    if (auto [it, inserted] = taken.emplace(*column, name); !inserted) {
      problems.push_back("fields \"" + it->second + "\" and \"" + name + "\" both map to column \"" +
                         table.columns[*column].name + "\"");
      mapping.field_column.push_back(std::nullopt);
      continue;
    }
    mapping.field_column.push_back(column);
    mapping.copy_columns.push_back(*column);
    mapping.copy_fields.push_back(field);
  }
  if (!unexpected.empty())
    problems.push_back("unexpected column" + std::string(unexpected.size() > 1 ? "s " : " ") +
                       join_quoted(unexpected) +
                       " (not in the table; map them in [feed.columns] or set extra_columns = \"ignore\")");
  return check_required(std::move(mapping), table, feed, std::move(problems));
}

Result<ColumnMapping> map_positional(std::size_t field_count, const TableInfo& table,
                                     const FeedConfig& feed) {
  ColumnMapping mapping;
  mapping.field_count = field_count;
  std::size_t field = 0;
  for (std::size_t i = 0; i < table.columns.size() && field < field_count; ++i) {
    if (!writable(table.columns[i], feed)) continue;
    mapping.field_column.push_back(i);
    mapping.copy_columns.push_back(i);
    mapping.copy_fields.push_back(field++);
  }
  std::vector<std::string> problems;
  if (field < field_count) {
    if (feed.extra_columns == ExtraColumns::reject)
      problems.push_back("records have " + std::to_string(field_count) + " fields but the table has only " +
                         std::to_string(field) + " writable columns");
    while (mapping.field_column.size() < field_count)
      mapping.field_column.push_back(std::nullopt);
  }
  return check_required(std::move(mapping), table, feed, std::move(problems));
}

}  // namespace s3load
