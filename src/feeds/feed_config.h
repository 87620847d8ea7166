// The feeds config (DESIGN §3): which keys belong to which table, and how their files are read.
//
// parse_config validates strictly: an unknown key, a wrong type, a bad glob or an inconsistent feed is
// an error naming the file, the line and the key, so a typo is found at start-up and never at 3 a.m.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "csv/csv_reader.h"

namespace s3load {

enum class LoadMode { append, upsert, replace };
enum class OnError { reject_file, skip_rows };
enum class Encoding { utf8, windows_1252, latin_1 };
enum class ExtraColumns { reject, ignore };

std::string_view to_string(LoadMode mode);
std::string_view to_string(OnError on_error);
std::string_view to_string(Encoding encoding);

struct FeedConfig {
  std::string name;
  std::optional<std::string> bucket;  // when set, only keys of this bucket match
  std::string match;                  // glob on the decoded key
  std::string table;                  // "schema.table" or "table" (then "public")
  LoadMode mode = LoadMode::append;
  std::vector<std::string> key;  // upsert key columns
  OnError on_error = OnError::reject_file;
  // With skip_rows: the file is rejected when more rows than this are rejected, or when the rejected
  // share exceeds the ratio. Unset limits do not apply. Ignored with reject_file.
  std::optional<std::uint64_t> max_rejected_rows;
  std::optional<double> max_rejected_ratio;  // 0..1
  std::optional<char> delimiter = ',';       // nullopt: detect from the first records ("auto")
  char quote = '"';
  Encoding encoding = Encoding::utf8;
  bool header = true;
  std::vector<std::string> null_values{""};
  std::vector<std::pair<std::string, std::string>> column_renames;  // header name → column
  ExtraColumns extra_columns = ExtraColumns::reject;
  std::map<std::string, std::string> date_formats;  // column → strftime-style format
  csv::Limits limits;
  std::uint64_t max_decompression_ratio = 200;  // decompressed bytes per compressed byte
  int line = 0;                                 // where the feed is defined in the config file
};

struct Config {
  std::string path;  // where it was read from, for messages
  std::vector<FeedConfig> feeds;
};

Result<Config> parse_config(std::string_view toml_text, std::string_view file_name);
Result<Config> load_config_file(const std::string& path);

// The first feed (in file order) whose bucket and glob match, or nullptr.
const FeedConfig* match_feed(const Config& config, std::string_view bucket, std::string_view key);
const FeedConfig* find_feed(const Config& config, std::string_view name);

// "schema.table" split, with "public" as the default schema.
std::pair<std::string, std::string> split_table_name(std::string_view table);

}  // namespace s3load
