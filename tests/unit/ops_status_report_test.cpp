// What `s3load status` prints: the table, the totals line, JSON lines and one ingestion in full.
#include <gtest/gtest.h>

#include "ops/status_report.h"
#include "ops/text_table.h"

namespace s3load::ops {
namespace {

pg::IngestionRecord loaded_row() {
  pg::IngestionRecord row;
  row.id = 7;
  row.bucket = "vendor-drop";
  row.key = "acme/orders/2026-11-26.csv";
  row.version_id = "v1";
  row.etag = "abc";
  row.size = 2048;
  row.feed = "acme-orders";
  row.target_table = "public.orders";
  row.status = "loaded";
  row.rows_loaded = 1200;
  row.attempts = 1;
  row.request_id = "cli-1";
  row.started_at = "2026-11-26T08:00:01.500000Z";
  row.finished_at = "2026-11-26T08:00:02.000000Z";
  return row;
}

pg::IngestionRecord rejected_row() {
  pg::IngestionRecord row;
  row.id = 8;
  row.bucket = "vendor-drop";
  row.key = "acme/orders/2026-11-27.csv";
  row.etag = "def";
  row.feed = "acme-orders";
  row.target_table = "public.orders";
  row.status = "rejected";
  row.rows_rejected = 2;
  row.error_class = "permanent";
  row.error_code = "bad_rows";
  row.error_message = "2 rows are invalid; the first on line 3";
  row.attempts = 2;
  row.started_at = "2026-11-27T09:15:00.000000Z";
  row.finished_at = "2026-11-27T09:15:01.000000Z";
  return row;
}

TEST(OpsStatusReport, ParsesStatusLists) {
  auto one = parse_statuses("rejected");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(*one, std::vector<std::string>({"rejected"}));
  auto two = parse_statuses("rejected,failed");
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(*two, std::vector<std::string>({"rejected", "failed"}));
  auto bad = parse_statuses("loaded,ok");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "bad_status");
  EXPECT_EQ(
      bad.error().message,
      "--status \"ok\" is not a ledger status; use loaded, rejected or failed (several separated by commas: "
      "rejected,failed)");
}

TEST(OpsStatusReport, TableShowsOneLinePerIngestion) {
  EXPECT_EQ(render_status_table({loaded_row(), rejected_row()}, 0),
            "id  time (UTC)           feed         key                         status     rows  rejected  "
            "attempts  "
            "error\n"
            " 7  2026-11-26 08:00:01  acme-orders  acme/orders/2026-11-26.csv  loaded    1,200         0     "
            "    1\n"
            " 8  2026-11-27 09:15:00  acme-orders  acme/orders/2026-11-27.csv  rejected      0         2     "
            "    2  "
            "bad_rows: 2 rows are invalid; the first on line 3\n");
}

TEST(OpsStatusReport, TheErrorIsShortenedToTheScreen) {
  const std::string table = render_status_table({rejected_row()}, 120);
  EXPECT_EQ(
      table,
      "id  time (UTC)           feed         key                         status    rows  rejected  attempts  "
      "error\n"
      " 8  2026-11-27 09:15:00  acme-orders  acme/orders/2026-11-27.csv  rejected     0         2         2  "
      "bad_rows: 2 rows …\n");
  std::size_t start = 0;
  while (start < table.size()) {
    const auto end = table.find('\n', start);
    EXPECT_LE(display_width(table.substr(start, end - start)), 120u);
    start = end + 1;
  }
}

TEST(OpsStatusReport, TotalsCountEveryMatchingIngestion) {
  StatusTotals totals;
  totals.add("loaded", 1, 1200, 0);
  totals.add("rejected", 1, 0, 2);
  totals.add("failed", 1, 0, 0);
  EXPECT_EQ(
      render_totals(totals, 3, "since 2026-11-20 10:00:00 UTC"),
      "3 ingestions since 2026-11-20 10:00:00 UTC: 1 loaded, 1 rejected, 1 failed; rows: 1,200 loaded, 2 "
      "rejected\n");
  EXPECT_EQ(
      render_totals(totals, 2, "in the whole ledger"),
      "3 ingestions in the whole ledger: 1 loaded, 1 rejected, 1 failed; rows: 1,200 loaded, 2 rejected\n"
      "showing the latest 2; --limit 0 shows all, --since/--status/--feed/--key narrow the list\n");
  StatusTotals one;
  one.add("loaded", 1, 1, 0);
  StatusTotals many;
  many.add("rejected", 2500, 0, 7);
  EXPECT_EQ(
      render_totals(many, 50, "in the whole ledger"),
      "2,500 ingestions in the whole ledger: 0 loaded, 2,500 rejected, 0 failed; rows: 0 loaded, 7 rejected\n"
      "showing the latest 50; --limit 0 shows all, --since/--status/--feed/--key narrow the list\n");
  EXPECT_EQ(render_totals(one, 1, "in the whole ledger"),
            "1 ingestion in the whole ledger: 1 loaded, 0 rejected, 0 failed; rows: 1 loaded, 0 rejected\n");
}

TEST(OpsStatusReport, JsonCarriesEveryColumnWithNulls) {
  const auto json = ingestion_json(rejected_row());
  EXPECT_EQ(
      json.dump(),
      R"({"attempts":2,"bucket":"vendor-drop","error_class":"permanent","error_code":"bad_rows",)"
      R"("error_message":"2 rows are invalid; the first on line 3","etag":"def","feed":"acme-orders",)"
      R"("finished_at":"2026-11-27T09:15:01.000000Z","id":8,"key":"acme/orders/2026-11-27.csv",)"
      R"("request_id":null,"rows_loaded":0,"rows_rejected":2,"sequencer":null,"size":null,)"
      R"("started_at":"2026-11-27T09:15:00.000000Z","status":"rejected","target_table":"public.orders",)"
      R"("version_id":null})");
  EXPECT_EQ(rejected_row_json({3, "amount", "\"x\" is not a number", "2,Ada,x"}).dump(),
            R"({"column":"amount","line":3,"raw_line":"2,Ada,x","reason":"\"x\" is not a number"})");
  EXPECT_EQ(rejected_row_json({std::nullopt, std::nullopt, "empty file", std::nullopt}).dump(),
            R"({"column":null,"line":null,"raw_line":null,"reason":"empty file"})");
}

TEST(OpsStatusReport, DetailShowsTheErrorAttemptsRejectedRowsAndTheWayOut) {
  IngestionDetail detail;
  detail.record = rejected_row();
  detail.attempts = {{1, "rejected", "permanent", "header_mismatch", "missing column", 0, 0, "cli-a",
                      "2026-11-27T09:00:00.000000Z", "2026-11-27T09:00:00.100000Z"},
                     {2, "rejected", "permanent", "bad_rows", "2 rows are invalid; the first on line 3", 0, 2,
                      std::nullopt, "2026-11-27T09:15:00.000000Z", "2026-11-27T09:15:01.000000Z"}};
  detail.rejected_rows = {{3, "amount", "\"x\" is not a number", "2,Ada,x"},
                          {5, std::nullopt, "expected 3 fields, found 2", "4,Bob"}};
  detail.rejected_rows_stored = 2;
  EXPECT_EQ(
      render_ingestion_detail(detail, 0),
      "ingestion 8: rejected\n"
      "  object    s3://vendor-drop/acme/orders/2026-11-27.csv\n"
      "  version   - (etag def)\n"
      "  feed      acme-orders → public.orders\n"
      "  rows      0 loaded, 2 rejected\n"
      "  attempts  2\n"
      "  started   2026-11-27 09:15:00 UTC\n"
      "  finished  2026-11-27 09:15:01 UTC\n"
      "  error     permanent bad_rows: 2 rows are invalid; the first on line 3\n"
      "\n"
      "attempts:\n"
      "#  time (UTC)           status    rows  rejected  request  error\n"
      "1  2026-11-27 09:00:00  rejected     0         0  cli-a    header_mismatch: missing column\n"
      "2  2026-11-27 09:15:00  rejected     0         2  -        bad_rows: 2 rows are invalid; the first on "
      "line 3\n"
      "\n"
      "rejected rows:\n"
      "line  column  reason                      raw line\n"
      "   3  amount  \"x\" is not a number         2,Ada,x\n"
      "   5  -       expected 3 fields, found 2  4,Bob\n"
      "\n"
      "After fixing the cause (the file, the table or the feed config), load it again with:\n"
      "  s3load replay 's3://vendor-drop/acme/orders/2026-11-27.csv'\n");
}

TEST(OpsStatusReport, DetailSaysWhenOnlyTheFirstRejectedRowsAreShown) {
  IngestionDetail detail;
  detail.record = rejected_row();
  detail.record.rows_rejected = 15000;
  detail.rejected_rows = {{3, "amount", "bad", "x"}};
  detail.rejected_rows_stored = 10000;
  const std::string text = render_ingestion_detail(detail, 0);
  EXPECT_NE(text.find("\nrejected rows (the first 1 of 10,000 kept; --limit 0 shows all):\n"),
            std::string::npos)
      << text;
  detail.rejected_rows_stored = 1;
  EXPECT_NE(render_ingestion_detail(detail, 0).find("\nrejected rows (the ledger keeps the first 1):\n"),
            std::string::npos);
}

TEST(OpsStatusReport, ALoadedIngestionNeedsNoReplay) {
  IngestionDetail detail;
  detail.record = loaded_row();
  const std::string text = render_ingestion_detail(detail, 0);
  EXPECT_EQ(text.find("replay"), std::string::npos) << text;
  EXPECT_NE(text.find("  size      2,048 bytes\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  version   v1 (etag abc)\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace s3load::ops
