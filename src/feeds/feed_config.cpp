#include "feeds/feed_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "convert/date_format.h"
#include "feeds/glob.h"

namespace s3load {

std::string_view to_string(LoadMode mode) {
  switch (mode) {
    case LoadMode::append:
      return "append";
    case LoadMode::upsert:
      return "upsert";
    case LoadMode::replace:
      return "replace";
  }
  return "append";
}

std::string_view to_string(OnError on_error) {
  return on_error == OnError::skip_rows ? "skip_rows" : "reject_file";
}

std::string_view to_string(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8:
      return "utf-8";
    case Encoding::windows_1252:
      return "windows-1252";
    case Encoding::latin_1:
      return "latin-1";
  }
  return "utf-8";
}

namespace {

// Collects the first problem with its location; every check below returns false after reporting.
class Checker {
 public:
  explicit Checker(std::string_view file) : m_file(file) {}

  bool fail(const toml::source_region& where, const std::string& what) {
    if (!m_error) {
      std::ostringstream text;
      text << m_file << ":" << where.begin.line << ": " << what;
      m_error = text.str();
    }
    return false;
  }
  const std::optional<std::string>& error() const { return m_error; }

 private:
  std::string m_file;
  std::optional<std::string> m_error;
};

std::string node_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date/time";
  }
}

bool read_string(Checker& checker, std::string_view key, const toml::node& node, std::string& out) {
  const auto* value = node.as_string();
  if (!value)
    return checker.fail(node.source(), std::string(key) + " must be a string, not " + node_type_name(node));
  out = value->get();
  return true;
}

bool read_string_list(Checker& checker, std::string_view key, const toml::node& node,
                      std::vector<std::string>& out) {
  const auto* array = node.as_array();
  if (!array) return checker.fail(node.source(), std::string(key) + " must be an array of strings");
  out.clear();
  for (const auto& element : *array) {
    const auto* text = element.as_string();
    if (!text) return checker.fail(element.source(), std::string(key) + " must contain only strings");
    out.push_back(text->get());
  }
  return true;
}

bool read_unsigned(Checker& checker, std::string_view key, const toml::node& node, std::uint64_t& out) {
  const auto* value = node.as_integer();
  if (!value || value->get() < 0)
    return checker.fail(node.source(), std::string(key) + " must be a non-negative integer");
  out = static_cast<std::uint64_t>(value->get());
  return true;
}

template <class Enum>
bool read_choice(Checker& checker, std::string_view key, const toml::node& node,
                 std::initializer_list<std::pair<std::string_view, Enum>> choices, Enum& out) {
  std::string text;
  if (!read_string(checker, key, node, text)) return false;
  std::string allowed;
  for (const auto& [name, value] : choices) {
    if (text == name) {
      out = value;
      return true;
    }
    allowed += allowed.empty() ? "" : ", ";
    allowed += "\"" + std::string(name) + "\"";
  }
  return checker.fail(node.source(), std::string(key) + " = \"" + text + "\" is not one of " + allowed);
}

bool read_delimiter(Checker& checker, const toml::node& node, std::optional<char>& out) {
  std::string text;
  if (!read_string(checker, "delimiter", node, text)) return false;
  if (text == "auto") {
    out = std::nullopt;
    return true;
  }
  if (text == "\\t") text = "\t";
  if (text.size() != 1 || text[0] == '"' || text[0] == '\r' || text[0] == '\n')
    return checker.fail(node.source(),
                        "delimiter must be \"auto\" or one character other than a quote or a line break, "
                        "not \"" +
                            text + "\"");
  out = text[0];
  return true;
}

bool read_string_map(Checker& checker, std::string_view key, const toml::node& node,
                     const std::function<void(std::string, std::string)>& add) {
  const auto* table = node.as_table();
  if (!table) return checker.fail(node.source(), std::string(key) + " must be a table");
  for (const auto& [name, value] : *table) {
    const auto* text = value.as_string();
    if (!text)
      return checker.fail(value.source(),
                          std::string(key) + "." + std::string(name.str()) + " must be a string");
    add(std::string(name.str()), text->get());
  }
  return true;
}

bool read_feed(Checker& checker, const toml::table& table, FeedConfig& feed) {
  feed.line = static_cast<int>(table.source().begin.line);
  for (const auto& [name, node] : table) {
    const std::string_view key = name.str();
    bool ok = true;
    if (key == "name") {
      ok = read_string(checker, key, node, feed.name);
    } else if (key == "bucket") {
      std::string bucket;
      ok = read_string(checker, key, node, bucket);
      feed.bucket = bucket;
    } else if (key == "match") {
      ok = read_string(checker, key, node, feed.match);
      if (ok) {
        if (auto problem = validate_glob(feed.match))
          ok = checker.fail(node.source(), "match = \"" + feed.match + "\": " + *problem);
      }
    } else if (key == "table") {
      ok = read_string(checker, key, node, feed.table);
      const auto dot = feed.table.find('.');
      const bool well_formed =
          !feed.table.empty() && dot != 0 && dot + 1 != feed.table.size() &&
          (dot == std::string::npos || feed.table.find('.', dot + 1) == std::string::npos);
      if (ok && !well_formed)
        ok = checker.fail(
            node.source(),
            "table = \"" + feed.table + "\": expected \"name\" or \"schema.name\" (e.g. \"public.orders\")");
    } else if (key == "mode") {
      ok = read_choice<LoadMode>(
          checker, key, node,
          {{"append", LoadMode::append}, {"upsert", LoadMode::upsert}, {"replace", LoadMode::replace}},
          feed.mode);
    } else if (key == "key") {
      ok = read_string_list(checker, key, node, feed.key);
    } else if (key == "on_error") {
      ok = read_choice<OnError>(checker, key, node,
                                {{"reject_file", OnError::reject_file}, {"skip_rows", OnError::skip_rows}},
                                feed.on_error);
    } else if (key == "max_rejected_rows") {
      std::uint64_t limit = 0;
      ok = read_unsigned(checker, key, node, limit);
      feed.max_rejected_rows = limit;
    } else if (key == "max_rejected_ratio") {
      const auto ratio = node.value<double>();
      if (!ratio || *ratio < 0 || *ratio > 1)
        ok = checker.fail(node.source(), "max_rejected_ratio must be a number between 0 and 1");
      else
        feed.max_rejected_ratio = *ratio;
    } else if (key == "delimiter") {
      ok = read_delimiter(checker, node, feed.delimiter);
    } else if (key == "quote") {
      std::string quote;
      ok = read_string(checker, key, node, quote);
      if (ok && quote.size() != 1) ok = checker.fail(node.source(), "quote must be exactly one character");
      if (ok) feed.quote = quote[0];
    } else if (key == "encoding") {
      ok = read_choice<Encoding>(checker, key, node,
                                 {{"utf-8", Encoding::utf8},
                                  {"utf8", Encoding::utf8},
                                  {"windows-1252", Encoding::windows_1252},
                                  {"cp1252", Encoding::windows_1252},
                                  {"latin-1", Encoding::latin_1},
                                  {"iso-8859-1", Encoding::latin_1}},
                                 feed.encoding);
    } else if (key == "header") {
      const auto* value = node.as_boolean();
      if (!value)
        ok = checker.fail(node.source(), "header must be true or false");
      else
        feed.header = value->get();
    } else if (key == "null") {
      ok = read_string_list(checker, key, node, feed.null_values);
    } else if (key == "extra_columns") {
      ok = read_choice<ExtraColumns>(checker, key, node,
                                     {{"reject", ExtraColumns::reject}, {"ignore", ExtraColumns::ignore}},
                                     feed.extra_columns);
    } else if (key == "columns") {
      ok = read_string_map(checker, key, node, [&](std::string header, std::string column) {
        feed.column_renames.emplace_back(std::move(header), std::move(column));
      });
    } else if (key == "date_formats") {
      ok = read_string_map(checker, key, node, [&](std::string column, std::string format) {
        feed.date_formats.emplace(std::move(column), std::move(format));
      });
      for (const auto& [column, format] : feed.date_formats) {
        if (!ok) break;
        if (auto problem = convert::check_date_format(format))
          ok = checker.fail(node.source(), "date_formats." + column + " = \"" + format + "\": " + *problem);
      }
    } else if (key == "max_field_bytes") {
      std::uint64_t value = 0;
      ok = read_unsigned(checker, key, node, value);
      feed.limits.max_field_bytes = static_cast<std::size_t>(value);
    } else if (key == "max_line_bytes") {
      std::uint64_t value = 0;
      ok = read_unsigned(checker, key, node, value);
      feed.limits.max_record_bytes = static_cast<std::size_t>(value);
    } else if (key == "max_decompression_ratio") {
      ok = read_unsigned(checker, key, node, feed.max_decompression_ratio);
      if (ok && feed.max_decompression_ratio == 0)
        ok = checker.fail(node.source(), "max_decompression_ratio must be at least 1 (default 200)");
    } else {
      return checker.fail(name.source(), "unknown key \"" + std::string(key) + "\" in [[feed]]" +
                                             (feed.name.empty() ? "" : " \"" + feed.name + "\""));
    }
    if (!ok) return false;
  }

  const auto& where = table.source();
  const std::string label = feed.name.empty() ? "[[feed]]" : "feed \"" + feed.name + "\"";
  if (feed.name.empty()) return checker.fail(where, "[[feed]] needs a name");
  if (feed.match.empty()) return checker.fail(where, label + " needs match (a glob on the key)");
  if (feed.table.empty()) return checker.fail(where, label + " needs table (\"schema.table\")");
  if (feed.mode == LoadMode::upsert && feed.key.empty())
    return checker.fail(where, label + ": mode = \"upsert\" needs key = [\"column\", …]");
  if (feed.mode != LoadMode::upsert && !feed.key.empty())
    return checker.fail(where, label + ": key is only used with mode = \"upsert\"; remove it or change mode");
  if (feed.limits.max_field_bytes == 0 || feed.limits.max_record_bytes == 0)
    return checker.fail(where, label + ": max_field_bytes and max_line_bytes must be positive");
  if (feed.delimiter && *feed.delimiter == feed.quote)
    return checker.fail(where, label + ": delimiter and quote must differ");
  if (std::count(feed.table.begin(), feed.table.end(), '.') > 1)
    return checker.fail(where,
                        label + ": table must be \"schema.table\" or \"table\", not \"" + feed.table + "\"");
  return true;
}

}  // namespace

Result<Config> parse_config(std::string_view toml_text, std::string_view file_name) {
  Checker checker(file_name);
  toml::table root;
  try {
    root = toml::parse(toml_text, file_name);
  } catch (const toml::parse_error& error) {
    std::ostringstream text;
    text << file_name << ":" << error.source().begin.line << ": " << error.description();
    return permanent_error("bad_config", text.str());
  }

  Config config;
  config.path = std::string(file_name);
  for (const auto& [name, node] : root) {
    if (name.str() != "feed") {
      checker.fail(name.source(),
                   "unknown key \"" + std::string(name.str()) + "\" (expected [[feed]] tables)");
      break;
    }
    const auto* feeds = node.as_array();
    if (!feeds || !feeds->is_array_of_tables()) {
      checker.fail(node.source(), "feed must be written as [[feed]] tables");
      break;
    }
    std::set<std::string> names;
    for (const auto& element : *feeds) {
      FeedConfig feed;
      if (!read_feed(checker, *element.as_table(), feed)) break;
      if (!names.insert(feed.name).second) {
        checker.fail(element.source(), "feed name \"" + feed.name + "\" is used twice");
        break;
      }
      config.feeds.push_back(std::move(feed));
    }
  }
  if (checker.error()) return permanent_error("bad_config", *checker.error());
  if (config.feeds.empty())
    return permanent_error("bad_config",
                           std::string(file_name) + ": no [[feed]] defined; nothing could be loaded");
  return config;
}

Result<Config> load_config_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return permanent_error("bad_config",
                           "cannot read feeds config " + path + " (set S3LOAD_CONFIG to its path)");
  std::ostringstream text;
  text << file.rdbuf();
  return parse_config(text.str(), path);
}

const FeedConfig* match_feed(const Config& config, std::string_view bucket, std::string_view key) {
  for (const auto& feed : config.feeds) {
    if (feed.bucket && *feed.bucket != bucket) continue;
    if (glob_matches(feed.match, key)) return &feed;
  }
  return nullptr;
}

const FeedConfig* find_feed(const Config& config, std::string_view name) {
  for (const auto& feed : config.feeds) {
    if (feed.name == name) return &feed;
  }
  return nullptr;
}

std::pair<std::string, std::string> split_table_name(std::string_view table) {
  const auto dot = table.find('.');
  if (dot == std::string_view::npos) return {"public", std::string(table)};
  return {std::string(table.substr(0, dot)), std::string(table.substr(dot + 1))};
}

}  // namespace s3load
