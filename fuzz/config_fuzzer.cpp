// The feeds config parser (src/feeds) on arbitrary text: it never throws, an error names the file, and
// a config it accepts is consistent enough for the loader (every feed named, matched and targeted).
#include <cstdint>
#include <string_view>

#include "feeds/feed_config.h"
#include "fuzz_support.h"

using s3load::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto config = s3load::parse_config(text, "fuzz.toml");
  if (!config) {
    check(!config.error().is_transient(), "a bad config is a permanent error");
    check(config.error().message.find("fuzz.toml") != std::string::npos, "a config error names the file");
    return 0;
  }
  for (const auto& feed : config->feeds) {
    check(!feed.name.empty(), "every feed has a name");
    check(!feed.match.empty(), "every feed has a match glob");
    check(!feed.table.empty(), "every feed has a table");
    check(s3load::find_feed(*config, feed.name) != nullptr, "every feed can be found by its name");
    check(feed.quote != '\n' && feed.quote != '\r', "the quote is not a line break");
    check(!feed.delimiter ||
              (*feed.delimiter != feed.quote && *feed.delimiter != '\n' && *feed.delimiter != '\r'),
          "the delimiter differs from the quote and from line breaks");
    const auto [schema, table] = s3load::split_table_name(feed.table);
    check(!schema.empty() && !table.empty(), "the table splits into schema and name");
    // Whatever the glob, matching must not crash.
    s3load::match_feed(*config, "bucket", feed.match);
  }
  return 0;
}
