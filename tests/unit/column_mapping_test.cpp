#include "feeds/column_mapping.h"

#include <gtest/gtest.h>

namespace s3load {
namespace {

TableInfo orders_table() {
  TableInfo table;
  table.schema = "public";
  table.name = "orders";
  auto column = [](std::string name, bool not_null, bool has_default) {
    ColumnInfo info;
    info.name = std::move(name);
    info.not_null = not_null;
    info.has_default = has_default;
    return info;
  };
  table.columns = {column("order_id", true, false), column("customer", true, false),
                   column("amount", false, false), column("loaded_at", true, true)};
  return table;
}

TEST(ColumnMapping, NormalizesNames) {
  EXPECT_EQ(normalize_column_name("Order ID"), "order_id");
  EXPECT_EQ(normalize_column_name("  order--id "), "order_id");
  EXPECT_EQ(normalize_column_name("ORDER_ID"), "order_id");
  EXPECT_EQ(normalize_column_name("OrderID"), "orderid");
}

TEST(ColumnMapping, MatchesCaseAndSpaceInsensitively) {
  FeedConfig feed;
  const auto mapping = map_header({"Customer", "Order ID", "AMOUNT"}, orders_table(), feed);
  ASSERT_TRUE(mapping.ok()) << mapping.error().message;
  EXPECT_EQ(mapping->field_count, 3u);
  EXPECT_EQ(mapping->copy_columns, (std::vector<std::size_t>{1, 0, 2}));
  EXPECT_EQ(mapping->copy_fields, (std::vector<std::size_t>{0, 1, 2}));
}

TEST(ColumnMapping, ExplicitRenamesWin) {
  FeedConfig feed;
  feed.column_renames = {{"Kunde", "customer"}, {"Nr", "order_id"}};
  const auto mapping = map_header({"Nr", "Kunde"}, orders_table(), feed);
  ASSERT_TRUE(mapping.ok()) << mapping.error().message;
  EXPECT_EQ(mapping->copy_columns, (std::vector<std::size_t>{0, 1}));
}

TEST(ColumnMapping, MissingRequiredColumnsAreNamed) {
  FeedConfig feed;
  const auto mapping = map_header({"amount"}, orders_table(), feed);
  ASSERT_FALSE(mapping.ok());
  EXPECT_EQ(mapping.error().code, "header_mismatch");
  EXPECT_EQ(mapping.error().message,
            "header does not match table public.orders: missing required columns \"order_id\", \"customer\" "
            "(NOT NULL without a default in public.orders)");
}

TEST(ColumnMapping, ExtraColumnsRejectedUnlessIgnored) {
  FeedConfig feed;
  auto mapping = map_header({"order_id", "customer", "colour"}, orders_table(), feed);
  ASSERT_FALSE(mapping.ok());
  EXPECT_EQ(mapping.error().message,
            "header does not match table public.orders: unexpected column \"colour\" (not in the table; map "
            "them in [feed.columns] or set extra_columns = \"ignore\")");
  feed.extra_columns = ExtraColumns::ignore;
  mapping = map_header({"order_id", "customer", "colour"}, orders_table(), feed);
  ASSERT_TRUE(mapping.ok()) << mapping.error().message;
  EXPECT_EQ(mapping->field_count, 3u);
  EXPECT_EQ(mapping->field_column[2], std::nullopt);
  EXPECT_EQ(mapping->copy_fields, (std::vector<std::size_t>{0, 1}));
}

TEST(ColumnMapping, DuplicateHeadersAreRejected) {
  FeedConfig feed;
  const auto mapping = map_header({"order_id", "Order ID", "customer"}, orders_table(), feed);
  ASSERT_FALSE(mapping.ok());
  EXPECT_NE(
      mapping.error().message.find("fields \"order_id\" and \"Order ID\" both map to column \"order_id\""),
      std::string::npos);
}

TEST(ColumnMapping, PositionalWithoutHeader) {
  FeedConfig feed;
  feed.header = false;
  auto mapping = map_positional(3, orders_table(), feed);
  ASSERT_TRUE(mapping.ok()) << mapping.error().message;
  EXPECT_EQ(mapping->copy_columns, (std::vector<std::size_t>{0, 1, 2}));
  mapping = map_positional(5, orders_table(), feed);
  ASSERT_FALSE(mapping.ok());
  EXPECT_NE(mapping.error().message.find("records have 5 fields but the table has only 4 writable columns"),
            std::string::npos);
}

TEST(ColumnMapping, ReplaceModeKeepsTheIngestionColumnForItself) {
  FeedConfig feed;
  feed.mode = LoadMode::replace;
  auto table = orders_table();
  ColumnInfo ingestion;
  ingestion.name = "s3load_ingestion_id";
  ingestion.not_null = true;
  table.columns.push_back(ingestion);
  const auto mapping = map_header({"order_id", "customer"}, table, feed);
  ASSERT_TRUE(mapping.ok()) << mapping.error().message;
  EXPECT_EQ(mapping->copy_columns, (std::vector<std::size_t>{0, 1}));
}

}  // namespace
}  // namespace s3load
