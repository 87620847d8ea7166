#include "feeds/feed_config.h"

#include <gtest/gtest.h>

namespace s3load {
namespace {

std::string error_of(std::string_view toml) {
  auto config = parse_config(toml, "feeds.toml");
  EXPECT_FALSE(config.ok());
  if (config.ok()) return "";
  EXPECT_EQ(config.error().code, "bad_config");
  EXPECT_FALSE(config.error().is_transient());
  return config.error().message;
}

TEST(FeedConfig, ParsesTheDesignExample) {
  const auto config = parse_config(R"toml(
[[feed]]
name = "acme-orders"
match = "acme/orders/*.csv"
table = "public.orders"
mode = "append"
on_error = "reject_file"
max_rejected_rows = 0
delimiter = ","
encoding = "utf-8"
header = true
null = [""]
[feed.columns]
"Order ID" = "order_id"
)toml",
                                   "feeds.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  ASSERT_EQ(config->feeds.size(), 1u);
  const auto& feed = config->feeds[0];
  EXPECT_EQ(feed.name, "acme-orders");
  EXPECT_EQ(feed.match, "acme/orders/*.csv");
  EXPECT_EQ(feed.table, "public.orders");
  EXPECT_EQ(feed.mode, LoadMode::append);
  EXPECT_EQ(feed.on_error, OnError::reject_file);
  EXPECT_EQ(feed.max_rejected_rows, 0u);
  EXPECT_EQ(feed.delimiter, ',');
  EXPECT_EQ(feed.encoding, Encoding::utf8);
  EXPECT_TRUE(feed.header);
  EXPECT_EQ(feed.null_values, std::vector<std::string>{""});
  ASSERT_EQ(feed.column_renames.size(), 1u);
  EXPECT_EQ(feed.column_renames[0], (std::pair<std::string, std::string>{"Order ID", "order_id"}));
  EXPECT_EQ(feed.line, 2);
}

TEST(FeedConfig, DefaultsAreSafe) {
  const auto config = parse_config("[[feed]]\nname='a'\nmatch='a/*.csv'\ntable='t'\n", "f.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  const auto& feed = config->feeds[0];
  EXPECT_EQ(feed.mode, LoadMode::append);
  EXPECT_EQ(feed.on_error, OnError::reject_file);
  EXPECT_EQ(feed.max_rejected_rows, std::nullopt);
  EXPECT_EQ(feed.extra_columns, ExtraColumns::reject);
  EXPECT_EQ(feed.delimiter, ',');
}

TEST(FeedConfig, AutoDelimiterAndTab) {
  auto config = parse_config("[[feed]]\nname='a'\nmatch='*'\ntable='t'\ndelimiter='auto'\n", "f.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->feeds[0].delimiter, std::nullopt);
  config = parse_config("[[feed]]\nname='a'\nmatch='*'\ntable='t'\ndelimiter='\\t'\n", "f.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->feeds[0].delimiter, '\t');
}

TEST(FeedConfig, UnknownKeyNamesFileLineAndKey) {
  EXPECT_EQ(error_of("[[feed]]\nname = 'a'\nmatch = 'a/*'\ntabel = 'orders'\n"),
            "feeds.toml:4: unknown key \"tabel\" in [[feed]] \"a\"");
}

TEST(FeedConfig, UnknownTopLevelKey) {
  EXPECT_EQ(error_of("feeds = 1\n"), "feeds.toml:1: unknown key \"feeds\" (expected [[feed]] tables)");
}

TEST(FeedConfig, BadGlobNamesTheProblem) {
  // Found by fuzz/config_fuzzer: a table name with an empty schema part was accepted.
  for (const char* table : {".t", "s.", "a.b.c", ""}) {
    EXPECT_EQ(error_of(std::string("[[feed]]\nname='a'\nmatch='a/*'\ntable='") + table + "'\n"),
              std::string("feeds.toml:4: table = \"") + table +
                  "\": expected \"name\" or \"schema.name\" (e.g. \"public.orders\")")
        << table;
  }
  EXPECT_EQ(error_of("[[feed]]\nname='a'\nmatch='a/x**'\ntable='t'\n"),
            "feeds.toml:3: match = \"a/x**\": '**' must be a whole path segment (like \"vendor/**/x.csv\"), "
            "found \"x**\"");
}

TEST(FeedConfig, UpsertNeedsKey) {
  EXPECT_EQ(error_of("[[feed]]\nname='a'\nmatch='a/*'\ntable='t'\nmode='upsert'\n"),
            "feeds.toml:1: feed \"a\": mode = \"upsert\" needs key = [\"column\", …]");
}

TEST(FeedConfig, WrongTypeAndBadChoice) {
  EXPECT_EQ(error_of("[[feed]]\nname='a'\nmatch='a/*'\ntable='t'\nheader='yes'\n"),
            "feeds.toml:5: header must be true or false");
  EXPECT_EQ(error_of("[[feed]]\nname='a'\nmatch='a/*'\ntable='t'\nmode='merge'\n"),
            "feeds.toml:5: mode = \"merge\" is not one of \"append\", \"upsert\", \"replace\"");
  EXPECT_EQ(error_of("[[feed]]\nname=1\n"), "feeds.toml:2: name must be a string, not an integer");
}

TEST(FeedConfig, MissingFieldsAndDuplicates) {
  EXPECT_EQ(error_of("[[feed]]\nmatch='a/*'\ntable='t'\n"), "feeds.toml:1: [[feed]] needs a name");
  EXPECT_EQ(error_of("[[feed]]\nname='a'\ntable='t'\n"),
            "feeds.toml:1: feed \"a\" needs match (a glob on the key)");
  EXPECT_EQ(error_of("[[feed]]\nname='a'\nmatch='x'\ntable='t'\n[[feed]]\nname='a'\nmatch='y'\ntable='t'\n"),
            "feeds.toml:5: feed name \"a\" is used twice");
  EXPECT_EQ(error_of(""), "feeds.toml: no [[feed]] defined; nothing could be loaded");
}

TEST(FeedConfig, DecompressionRatioMustBePositive) {
  EXPECT_EQ(error_of("[[feed]]\nname='a'\nmatch='a/*'\ntable='t'\nmax_decompression_ratio = 0\n"),
            "feeds.toml:5: max_decompression_ratio must be at least 1 (default 200)");
}

TEST(FeedConfig, BadDateFormatIsFoundAtStartUp) {
  const auto message =
      error_of("[[feed]]\nname='a'\nmatch='a/*'\ntable='t'\n[feed.date_formats]\nd = '%Q'\n");
  EXPECT_EQ(message.rfind("feeds.toml:5: date_formats.d = \"%Q\": ", 0), 0u) << message;
}

TEST(FeedConfig, TomlSyntaxErrorHasALine) {
  const auto message = error_of("[[feed]]\nname = 'a\n");
  EXPECT_EQ(message.rfind("feeds.toml:2: ", 0), 0u) << message;
}

TEST(FeedConfig, MatchFeedUsesFileOrderAndBucket) {
  const auto config = parse_config(R"toml(
[[feed]]
name = "only-drop"
bucket = "drop"
match = "acme/*.csv"
table = "a"
[[feed]]
name = "any"
match = "**/*.csv"
table = "b"
)toml",
                                   "f.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(match_feed(*config, "drop", "acme/x.csv")->name, "only-drop");
  EXPECT_EQ(match_feed(*config, "other", "acme/x.csv")->name, "any");
  EXPECT_EQ(match_feed(*config, "drop", "acme/x.txt"), nullptr);
  EXPECT_EQ(find_feed(*config, "any")->table, "b");
  EXPECT_EQ(find_feed(*config, "nope"), nullptr);
}

TEST(FeedConfig, SplitTableName) {
  EXPECT_EQ(split_table_name("sales.orders"), (std::pair<std::string, std::string>{"sales", "orders"}));
  EXPECT_EQ(split_table_name("orders"), (std::pair<std::string, std::string>{"public", "orders"}));
}

}  // namespace
}  // namespace s3load
