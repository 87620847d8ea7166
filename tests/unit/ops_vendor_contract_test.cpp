// `s3load schema`: the contract a vendor receives, from the feed config and the table.
#include <gtest/gtest.h>

#include "ops/type_formats.h"
#include "ops/vendor_contract.h"

namespace s3load::ops {
namespace {

ColumnInfo column(std::string name, std::string type_name, std::string base_type, std::int32_t typmod = -1) {
  ColumnInfo info;
  info.name = std::move(name);
  info.type_name = std::move(type_name);
  info.base_type = std::move(base_type);
  info.typmod = typmod;
  return info;
}

TableInfo orders_table() {
  TableInfo table;
  table.schema = "public";
  table.name = "orders";
  auto id = column("order_id", "integer", "int4");
  id.not_null = true;
  auto customer = column("customer", "character varying(40)", "varchar", 44);
  customer.not_null = true;
  auto amount = column("amount", "numeric(10,2)", "numeric", (10 << 16 | 2) + 4);
  auto created = column("created_at", "timestamp with time zone", "timestamptz");
  created.not_null = true;
  created.has_default = true;
  auto total = column("total", "numeric", "numeric");
  total.generated = true;
  table.columns = {id, customer, amount, created, total};
  return table;
}

FeedConfig orders_feed() {
  auto config = parse_config(
      "[[feed]]\nname = \"acme-orders\"\nmatch = \"acme/orders/*.csv\"\ntable = \"orders\"\n"
      "[feed.columns]\n\"Order ID\" = \"order_id\"\n",
      "s3load.toml");
  EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
  return config->feeds.at(0);
}

TEST(OpsVendorContract, ListsHeadersTypesRequiredAndAcceptedValues) {
  const auto contract = build_vendor_contract(orders_feed(), orders_table());
  ASSERT_EQ(contract.columns.size(), 4u);  // the generated column is never written
  EXPECT_EQ(contract.columns[0].header, "Order ID");
  EXPECT_EQ(contract.columns[0].column, "order_id");
  EXPECT_EQ(contract.columns[0].required, "yes");
  EXPECT_EQ(contract.columns[1].header, "customer");
  EXPECT_EQ(contract.columns[1].accepted, "UTF-8 text of at most 40 characters");
  EXPECT_EQ(contract.columns[2].required, "no");
  EXPECT_EQ(contract.columns[3].required, "no (has a default)");
}

TEST(OpsVendorContract, TextForVendors) {
  EXPECT_EQ(
      render_contract_text(build_vendor_contract(orders_feed(), orders_table())),
      "Feed \"acme-orders\": files matching acme/orders/*.csv load into public.orders.\n"
      "\n"
      "File\n"
      "  format         CSV (RFC 4180), plain or gzip-compressed\n"
      "  delimiter      \",\" (comma)\n"
      "  quote          '\"' (double quote); fields containing the delimiter, the quote or a line break are "
      "quoted, and a quote inside a quoted field is doubled\n"
      "  encoding       UTF-8 (a byte order mark is accepted)\n"
      "  header         the first line names the columns, in any order; names match ignoring case, spaces, "
      "'-' "
      "and '_'; optional columns may be left out\n"
      "  other columns  a column not listed below rejects the file\n"
      "  NULL           an empty field, unquoted, means NULL (no value); a quoted value is never NULL\n"
      "  loading        rows are added to the table\n"
      "  bad rows       any bad row rejects the whole file (nothing is loaded)\n"
      "\n"
      "Columns\n"
      "  header      column      type                      required            accepted values\n"
      "  Order ID    order_id    integer                   yes                 whole number from -2147483648 "
      "to "
      "2147483647\n"
      "  customer    customer    character varying(40)     yes                 UTF-8 text of at most 40 "
      "characters\n"
      "  amount      amount      numeric(10,2)             no                  decimal number with '.' as "
      "the "
      "decimal point, e.g. 1234.56, -0.5, 1.5e3; no thousands separators; at most 8 digits before the point, "
      "rounded to 2 decimals\n"
      "  created_at  created_at  timestamp with time zone  no (has a default)  YYYY-MM-DD "
      "hh:mm[:ss[.ffffff]] "
      "with 'T' or a space before the time and an optional offset (Z, +01, +0100, +01:00); without an offset "
      "the time is UTC, e.g. 2026-11-27T14:05:00Z\n");
}

TEST(OpsVendorContract, MarkdownForVendors) {
  auto feed = orders_feed();
  feed.header = false;
  feed.delimiter = ';';
  feed.null_values = {"", "NULL"};
  feed.on_error = OnError::skip_rows;
  feed.max_rejected_rows = 10;
  feed.mode = LoadMode::upsert;
  feed.key = {"order_id"};
  feed.encoding = Encoding::windows_1252;
  auto table = orders_table();
  table.columns.resize(2);
  EXPECT_EQ(
      render_contract_markdown(build_vendor_contract(feed, table)),
      "# Feed `acme-orders`\n"
      "\n"
      "Files matching `acme/orders/*.csv` load into `public.orders`.\n"
      "\n"
      "## File\n"
      "\n"
      "- **format**: CSV (RFC 4180), plain or gzip-compressed\n"
      "- **delimiter**: \";\" (semicolon)\n"
      "- **quote**: '\"' (double quote); fields containing the delimiter, the quote or a line break are "
      "quoted, and a quote inside a quoted field is doubled\n"
      "- **encoding**: Windows-1252\n"
      "- **header**: none: every line is data, with the fields in the order below\n"
      "- **NULL**: an empty field or \"NULL\", unquoted, means NULL (no value); a quoted value is never "
      "NULL\n"
      "- **loading**: a row whose (order_id) is already in the table replaces it; other rows are added\n"
      "- **bad rows**: bad rows are skipped and reported; more than 10 bad rows reject the whole file\n"
      "\n"
      "## Columns\n"
      "\n"
      "| # | column | type | required | accepted values |\n"
      "|---|---|---|---|---|\n"
      "| 1 | `order_id` | integer | yes | whole number from -2147483648 to 2147483647 |\n"
      "| 2 | `customer` | character varying(40) | yes | UTF-8 text of at most 40 characters |\n");
}

TEST(OpsTypeFormats, OneSentencePerTypeAndTheFeedsDateFormats) {
  EXPECT_EQ(accepted_values(column("n", "smallint", "int2"), {}), "whole number from -32768 to 32767");
  EXPECT_EQ(accepted_values(column("n", "bigint", "int8"), {}),
            "whole number from -9223372036854775808 to 9223372036854775807");
  EXPECT_EQ(accepted_values(column("b", "boolean", "bool"), {}),
            "true/false, yes/no, on/off, t/f, y/n or 1/0, any case");
  EXPECT_EQ(accepted_values(column("d", "date", "date"), {}), "YYYY-MM-DD, e.g. 2026-11-27");
  EXPECT_EQ(accepted_values(column("d", "date", "date"), {{"d", "%d/%m/%Y"}}),
            "as %d/%m/%Y (the feed's date_formats; strftime-style)");
  EXPECT_EQ(accepted_values(column("c", "character(3)", "bpchar", 7), {}),
            "UTF-8 text of at most 3 characters (shorter values are padded with spaces)");
  EXPECT_EQ(
      accepted_values(column("n", "numeric", "numeric"), {}),
      "decimal number with '.' as the decimal point, e.g. 1234.56, -0.5, 1.5e3; no thousands separators");
  EXPECT_EQ(
      accepted_values(column("n", "numeric(3,5)", "numeric", (3 << 16 | 5) + 4), {}),
      "decimal number with '.' as the decimal point, e.g. 1234.56, -0.5, 1.5e3; no thousands separators; "
      "rounded as numeric(3,5)");
  EXPECT_EQ(accepted_values(column("j", "jsonb", "jsonb"), {}),
            "a JSON value; in CSV, quote the field and double the quotes inside it");
  auto array = column("a", "integer[]", "_int4");
  array.is_array = true;
  EXPECT_EQ(accepted_values(array, {}), "a PostgreSQL array literal, e.g. {1,2,3} (checked by the database)");
  EXPECT_EQ(accepted_values(column("i", "inet", "inet"), {}),
            "as PostgreSQL reads inet (checked by the database)");
}

}  // namespace
}  // namespace s3load::ops
