#include "ops/vendor_contract.h"

#include <algorithm>

#include "feeds/column_mapping.h"
#include "ops/text_table.h"
#include "ops/type_formats.h"

namespace s3load::ops {

namespace {

std::string describe_delimiter(const std::optional<char>& delimiter) {
  if (!delimiter) return "detected from the first lines: one of , ; tab |";
  switch (*delimiter) {
    case ',':
      return "\",\" (comma)";
    case ';':
      return "\";\" (semicolon)";
    case '\t':
      return "tab";
    case '|':
      return "\"|\" (vertical bar)";
    default:
      return "\"" + std::string(1, *delimiter) + "\"";
  }
}

std::string describe_quote(char quote) {
  const std::string name = quote == '"'    ? "'\"' (double quote)"
                           : quote == '\'' ? "\"'\" (single quote)"
                                           : "\"" + std::string(1, quote) + "\"";
  return name +
         "; fields containing the delimiter, the quote or a line break are quoted, and a quote "
         "inside a quoted field is doubled";
}

std::string describe_encoding(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8:
      return "UTF-8 (a byte order mark is accepted)";
    case Encoding::windows_1252:
      return "Windows-1252";
    case Encoding::latin_1:
      return "Latin-1 (ISO 8859-1)";
  }
  return "UTF-8";
}

std::string describe_nulls(const std::vector<std::string>& nulls) {
  if (nulls.empty()) return "no value means NULL (an empty field is an empty string)";
  std::string text;
  for (std::size_t i = 0; i < nulls.size(); ++i) {
    text += i ? (i + 1 == nulls.size() ? " or " : ", ") : "";
    text += nulls[i].empty() ? "an empty field" : "\"" + nulls[i] + "\"";
  }
  text += ", unquoted, means NULL (no value); a quoted value is never NULL";
  return text;
}

std::string describe_mode(const FeedConfig& feed) {
  switch (feed.mode) {
    case LoadMode::append:
      return "rows are added to the table";
    case LoadMode::upsert: {
      std::string key;
      for (const auto& column : feed.key)
        key += (key.empty() ? "" : ", ") + column;
      return "a row whose (" + key + ") is already in the table replaces it; other rows are added";
    }
    case LoadMode::replace:
      return "a new version of a file replaces the rows loaded from its previous version";
  }
  return "";
}

std::string describe_errors(const FeedConfig& feed) {
  if (feed.on_error == OnError::reject_file) return "any bad row rejects the whole file (nothing is loaded)";
  std::string text = "bad rows are skipped and reported";
  if (feed.max_rejected_rows)
    text += "; more than " + std::to_string(*feed.max_rejected_rows) + " bad rows reject the whole file";
  if (feed.max_rejected_ratio)
    text += "; a share of bad rows above " +
            std::to_string(static_cast<int>(*feed.max_rejected_ratio * 100 + 0.5)) +
            "% rejects the whole file";
  return text;
}

}  // namespace

VendorContract build_vendor_contract(const FeedConfig& feed, const TableInfo& table) {
  VendorContract contract;
  contract.feed = feed.name;
  contract.match = feed.match;
  contract.table = table.schema + "." + table.name;
  contract.header = feed.header;

  contract.file_rules.emplace_back("format", "CSV (RFC 4180), plain or gzip-compressed");
  contract.file_rules.emplace_back("delimiter", describe_delimiter(feed.delimiter));
  contract.file_rules.emplace_back("quote", describe_quote(feed.quote));
  contract.file_rules.emplace_back("encoding", describe_encoding(feed.encoding));
  contract.file_rules.emplace_back(
      "header", feed.header
                    ? "the first line names the columns, in any order; names match ignoring case, spaces, "
                      "'-' and '_'; optional columns may be left out"
                    : "none: every line is data, with the fields in the order below");
  if (feed.header)
    contract.file_rules.emplace_back("other columns", feed.extra_columns == ExtraColumns::ignore
                                                          ? "ignored"
                                                          : "a column not listed below rejects the file");
  contract.file_rules.emplace_back("NULL", describe_nulls(feed.null_values));
  contract.file_rules.emplace_back("loading", describe_mode(feed));
  contract.file_rules.emplace_back("bad rows", describe_errors(feed));

  for (const auto& column : table.columns) {
    if (column.generated) continue;
    if (feed.mode == LoadMode::replace && column.name == INGESTION_ID_COLUMN) continue;
    const auto rename = std::find_if(feed.column_renames.begin(), feed.column_renames.end(),
                                     [&](const auto& pair) { return pair.second == column.name; });
    ContractColumn entry;
    entry.header = rename != feed.column_renames.end() ? rename->first : column.name;
    entry.column = column.name;
    entry.type = column.type_name;
    entry.required = column.not_null && !column.has_default ? "yes"
                     : column.has_default                   ? "no (has a default)"
                                                            : "no";
    entry.accepted = accepted_values(column, feed.date_formats);
    contract.columns.push_back(std::move(entry));
  }
  return contract;
}

std::string render_contract_text(const VendorContract& contract, std::size_t screen_width) {
  std::string out = "Feed \"" + contract.feed + "\": files matching " + contract.match + " load into " +
                    contract.table + ".\n\nFile\n";
  std::size_t label_width = 0;
  for (const auto& [label, text] : contract.file_rules)
    label_width = std::max(label_width, label.size());
  for (const auto& [label, text] : contract.file_rules) {
    std::string padded = label;
    padded.resize(label_width, ' ');
    out += "  " + padded + "  " + text + "\n";
  }
  out += "\nColumns\n";
  TextTable table({{contract.header ? "header" : "#"},
                   {"column"},
                   {"type"},
                   {"required"},
                   {"accepted values", Align::left, 0, true}});
  for (std::size_t i = 0; i < contract.columns.size(); ++i) {
    const auto& column = contract.columns[i];
    table.add_row({contract.header ? column.header : std::to_string(i + 1), column.column, column.type,
                   column.required, column.accepted});
  }
  // Indent the table by two spaces, like the lines above it.
  const std::string rendered = table.render(screen_width > 2 ? screen_width - 2 : 0);
  std::size_t start = 0;
  while (start < rendered.size()) {
    const auto end = rendered.find('\n', start);
    out += "  " + rendered.substr(start, end - start + 1);
    start = end + 1;
  }
  return out;
}

std::string render_contract_markdown(const VendorContract& contract) {
  std::string out = "# Feed `" + contract.feed + "`\n\nFiles matching `" + contract.match + "` load into `" +
                    contract.table + "`.\n\n## File\n\n";
  for (const auto& [label, text] : contract.file_rules)
    out += "- **" + label + "**: " + text + "\n";
  out += "\n## Columns\n\n";
  TextTable table(
      {{contract.header ? "header" : "#"}, {"column"}, {"type"}, {"required"}, {"accepted values"}});
  for (std::size_t i = 0; i < contract.columns.size(); ++i) {
    const auto& column = contract.columns[i];
    table.add_row({contract.header ? "`" + column.header + "`" : std::to_string(i + 1),
                   "`" + column.column + "`", column.type, column.required, column.accepted});
  }
  return out + table.render_markdown();
}

}  // namespace s3load::ops
