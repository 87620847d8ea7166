// s3load status against the real ledger: the table, totals, JSON lines, filters, one ingestion in full.
// Every run is narrowed with --key to this test's prefix: other tests write to the same ledger meanwhile.
#include <regex>

#include "support/load_test.h"

namespace s3load::testing {
namespace {

// Lines 3 and 5 are bad (amount); lines 2 and 4 are fine.
constexpr const char* TWO_BAD_ROWS_CSV =
    "order_id,customer,amount\n"
    "1,Ada,10.50\n"
    "2,Grace,ten\n"
    "3,Edsger,3.00\n"
    "4,Barbara,1.2.3\n";

class OpsStatus : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
  }

  // Loads a good file (3 rows) and a file with two bad rows (rejected); returns the rejected one's id.
  std::int64_t load_one_good_one_bad() {
    upload("good.csv", ORDERS_CSV);
    upload("bad.csv", TWO_BAD_ROWS_CSV);
    const auto good = ingest({"s3://" + m_bucket + "/" + key("good.csv")});
    EXPECT_EQ(good.exit_code, 0) << good.all();
    const auto bad = ingest({"s3://" + m_bucket + "/" + key("bad.csv")});
    EXPECT_EQ(bad.exit_code, 2) << bad.all();
    return m_db.count("SELECT id FROM s3load.ingestions WHERE bucket = $1 AND key = $2",
                      {m_bucket, key("bad.csv")});
  }

  RunResult status(std::vector<std::string> args) {
    args.insert(args.begin(), "status");
    return run_s3load(args, base_env());
  }

  std::string glob() const { return m_prefix + "/**"; }
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

TEST_F(OpsStatus, TableHasOneLinePerIngestionAndATotalsLine) {
  load_one_good_one_bad();
  const auto result = status({"--key", glob(), "--since", "1h"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  const auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 5u) << result.out;
  // The titles, in this order (the id column is as wide as the largest id).
  std::size_t at = 0;
  for (const auto* title :
       {"id  time (UTC)  ", "feed", "key", "status", "rows", "rejected", "attempts", "error"}) {
    const auto found = lines[0].find(title, at);
    ASSERT_NE(found, std::string::npos) << title << " in " << lines[0];
    at = found;
  }
  // Oldest first: the good file was loaded first.
  EXPECT_NE(lines[1].find(key("good.csv")), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("  loaded  "), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(key("bad.csv")), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("  rejected  "), std::string::npos) << lines[2];
  EXPECT_NE(
      lines[2].find(m_db.text("SELECT error_code FROM s3load.ingestions WHERE key = $1", {key("bad.csv")})),
      std::string::npos)
      << lines[2];
  EXPECT_EQ(lines[3], "");
  EXPECT_TRUE(std::regex_match(lines[4],
                               std::regex("2 ingestions since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC: "
                                          "1 loaded, 1 rejected, 0 failed; rows: 3 loaded, 2 rejected")))
      << lines[4];
}

TEST_F(OpsStatus, JsonLinesCarryEveryColumn) {
  load_one_good_one_bad();
  const auto result = status({"--key", glob(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  const auto rows = result.json_lines();
  ASSERT_EQ(rows.size(), 2u) << result.out;
  EXPECT_EQ(lines_of(result.out).size(), 2u) << "no table, no totals with --json";
  std::vector<std::string> fields;
  for (const auto& [name, value] : rows[0].items())
    fields.push_back(name);
  EXPECT_EQ(fields, std::vector<std::string>({"attempts", "bucket", "error_class", "error_code",
                                              "error_message", "etag", "feed", "finished_at", "id", "key",
                                              "request_id", "rows_loaded", "rows_rejected", "sequencer",
                                              "size", "started_at", "status", "target_table", "version_id"}));
  EXPECT_EQ(rows[0]["key"], key("good.csv"));
  EXPECT_EQ(rows[0]["status"], "loaded");
  EXPECT_EQ(rows[0]["rows_loaded"], 3);
  EXPECT_EQ(rows[0]["feed"], m_prefix);
  EXPECT_EQ(rows[0]["target_table"], m_table);
  EXPECT_EQ(rows[0]["attempts"], 1);
  EXPECT_TRUE(rows[0]["error_code"].is_null());
  EXPECT_EQ(rows[0]["version_id"],
            m_db.text("SELECT version_id FROM s3load.ingestions WHERE key = $1", {key("good.csv")}));
  EXPECT_TRUE(std::regex_match(rows[0]["started_at"].get<std::string>(),
                               std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z")));
  EXPECT_EQ(rows[1]["key"], key("bad.csv"));
  EXPECT_EQ(rows[1]["status"], "rejected");
  EXPECT_EQ(rows[1]["error_class"], "permanent");
  EXPECT_EQ(rows[1]["rows_rejected"], 2);
}

TEST_F(OpsStatus, FiltersByStatusFeedKeyAndLimit) {
  load_one_good_one_bad();
  const auto rejected = status({"--key", glob(), "--status", "rejected", "--json"});
  ASSERT_EQ(rejected.exit_code, 0) << rejected.all();
  ASSERT_EQ(rejected.json_lines().size(), 1u);
  EXPECT_EQ(rejected.json_lines()[0]["key"], key("bad.csv"));

  const auto by_feed = status({"--feed", m_prefix, "--json"});
  ASSERT_EQ(by_feed.json_lines().size(), 2u) << by_feed.all();

  const auto one_key = status({"--key", m_prefix + "/good.*", "--json"});
  ASSERT_EQ(one_key.json_lines().size(), 1u) << one_key.all();
  EXPECT_EQ(one_key.json_lines()[0]["key"], key("good.csv"));

  const auto limited = status({"--key", glob(), "--limit", "1"});
  ASSERT_EQ(limited.exit_code, 0) << limited.all();
  const auto lines = lines_of(limited.out);
  ASSERT_EQ(lines.size(), 5u) << limited.out;
  EXPECT_NE(lines[1].find(key("bad.csv")), std::string::npos) << "the newest is kept";
  EXPECT_EQ(lines[4],
            "showing the latest 1; --limit 0 shows all, --since/--status/--feed/--key narrow the list");
  EXPECT_NE(lines[3].find(": 1 loaded, 1 rejected, 0 failed;"), std::string::npos)
      << "totals count every match";

  // The same without --key (totals counted by the database, not here).
  const auto limited_by_feed = status({"--feed", m_prefix, "--limit", "1"});
  ASSERT_EQ(limited_by_feed.exit_code, 0) << limited_by_feed.all();
  const auto feed_lines = lines_of(limited_by_feed.out);
  ASSERT_EQ(feed_lines.size(), 5u) << limited_by_feed.out;
  EXPECT_NE(feed_lines[1].find(key("bad.csv")), std::string::npos);
  EXPECT_NE(feed_lines[3].find(": 1 loaded, 1 rejected, 0 failed; rows: 3 loaded, 2 rejected"),
            std::string::npos)
      << feed_lines[3];
  EXPECT_EQ(feed_lines[4], lines[4]);

  const auto none = status({"--key", glob(), "--status", "failed"});
  ASSERT_EQ(none.exit_code, 0) << none.all();
  EXPECT_EQ(none.out.substr(0, 16), "0 ingestions sin") << none.out;
}

TEST_F(OpsStatus, IdShowsTheRejectedRowsWithLinesColumnsReasonsAndRawLines) {
  const std::int64_t id = load_one_good_one_bad();
  const auto reasons =
      m_db.exec("SELECT reason FROM s3load.rejected_rows WHERE ingestion_id = $1 ORDER BY line_number",
                {std::to_string(id)});
  ASSERT_EQ(reasons.rows(), 2);

  const auto result = status({"--id", std::to_string(id)});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  const auto& out = result.out;
  EXPECT_EQ(out.rfind("ingestion " + std::to_string(id) + ": rejected\n", 0), 0u) << out;
  EXPECT_NE(out.find("  object    s3://" + m_bucket + "/" + key("bad.csv") + "\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  feed      " + m_prefix + " → " + m_table + "\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  rows      0 loaded, 2 rejected\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\nattempts:\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\nrejected rows:\nline  column  reason"), std::string::npos) << out;
  const auto row_line = [&](int line, std::string_view reason) {
    return "   " + std::to_string(line) + "  amount  " + std::string(reason);
  };
  EXPECT_NE(out.find(row_line(3, reasons.text(0, 0))), std::string::npos) << out;
  EXPECT_NE(out.find(row_line(5, reasons.text(1, 0))), std::string::npos) << out;
  EXPECT_NE(out.find("2,Grace,ten\n"), std::string::npos) << out;
  EXPECT_NE(out.find("4,Barbara,1.2.3\n"), std::string::npos) << out;
  EXPECT_NE(out.find("load it again with:\n  s3load replay 's3://" + m_bucket + "/" + key("bad.csv") + "'\n"),
            std::string::npos)
      << out;

  const auto json = status({"--id", std::to_string(id), "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.all();
  ASSERT_EQ(json.json_lines().size(), 1u);
  const auto detail = json.json_lines()[0];
  EXPECT_EQ(detail["id"], id);
  ASSERT_EQ(detail["rejected_rows"].size(), 2u);
  EXPECT_EQ(
      detail["rejected_rows"][0],
      nlohmann::json(
          {{"line", 3}, {"column", "amount"}, {"reason", reasons.text(0, 0)}, {"raw_line", "2,Grace,ten"}}));
  EXPECT_EQ(detail["rejected_rows"][1]["line"], 5);
  EXPECT_EQ(detail["rejected_rows"][1]["raw_line"], "4,Barbara,1.2.3");
  ASSERT_EQ(detail["attempt_history"].size(), 1u);
  EXPECT_EQ(detail["attempt_history"][0]["attempt"], 1);
  EXPECT_EQ(detail["attempt_history"][0]["status"], "rejected");
  EXPECT_EQ(detail["attempt_history"][0]["rows_rejected"], 2);
}

TEST_F(OpsStatus, RejectedRowsFlagShowsThemUnderTheTable) {
  const std::int64_t id = load_one_good_one_bad();
  const auto result = status({"--key", glob(), "--rejected-rows"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  EXPECT_NE(result.out.find("\nrejected rows of ingestion " + std::to_string(id) + " (s3://" + m_bucket +
                            "/" + key("bad.csv") + "):\nline  column  reason"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("2,Grace,ten\n"), std::string::npos) << result.out;

  const auto json = status({"--key", glob(), "--rejected-rows", "--json"});
  const auto rows = json.json_lines();
  ASSERT_EQ(rows.size(), 2u) << json.all();
  EXPECT_EQ(rows[0]["rejected_rows"].size(), 0u);
  EXPECT_EQ(rows[1]["rejected_rows"].size(), 2u);
}

TEST_F(OpsStatus, BadArgumentsSayWhatIsAccepted) {
  const auto since = status({"--since", "yesterday"});
  EXPECT_EQ(since.exit_code, 2);
  EXPECT_EQ(since.out, "");
  EXPECT_EQ(
      since.err,
      "s3load: --since \"yesterday\" is not a duration or a date; use a duration back from now (45s, 30m, "
      "6h, "
      "2d, 1w), a date (2026-11-27, from midnight UTC), a timestamp (2026-11-27T10:00:00, UTC unless it ends "
      "in Z or an offset such as +01:00), or \"all\"\n");

  const auto bad_status = status({"--status", "done"});
  EXPECT_EQ(bad_status.exit_code, 2);
  EXPECT_EQ(bad_status.err,
            "s3load: --status \"done\" is not a ledger status; use loaded, rejected or failed (several "
            "separated by "
            "commas: rejected,failed)\n");

  const auto bad_glob = status({"--key", "a/**b"});
  EXPECT_EQ(bad_glob.exit_code, 2);
  EXPECT_EQ(bad_glob.err.rfind("s3load: --key \"a/**b\" is not a valid glob: ", 0), 0u) << bad_glob.err;
  EXPECT_NE(bad_glob.err.find("e.g. 'acme/orders/**'"), std::string::npos) << bad_glob.err;

  const auto unknown_id = status({"--id", "999999999999"});
  EXPECT_EQ(unknown_id.exit_code, 2);
  EXPECT_EQ(unknown_id.err,
            "s3load: no ingestion has id 999999999999; s3load status lists them with their ids\n");

  const auto negative = status({"--limit", "-1"});
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_EQ(negative.err, "s3load: --limit -1 is negative; give a number of rows, or 0 for all\n");
}

TEST_F(OpsStatus, NoDatabaseIsATransientFailure) {
  const auto result = run_s3load(
      {"status"}, {{"S3LOAD_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"}});
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_NE(result.err.find("s3load: cannot read the ledger: "), std::string::npos) << result.err;
}

}  // namespace
}  // namespace s3load::testing
