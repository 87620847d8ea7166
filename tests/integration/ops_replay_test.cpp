// s3load replay against real PostgreSQL and Ceph RGW: a rejected file loads after the table is fixed,
// attempts are counted and kept, loaded stays loaded. `replay --failed` always runs with --feed set to
// this test's feed: other tests' rejected objects in the shared ledger must not be touched.
#include "support/load_test.h"

namespace s3load::testing {
namespace {

// The orders file without the ordered_at column in the table: rejected until the column exists.
constexpr const char* COLUMNS_WITHOUT_DATE =
    "order_id integer PRIMARY KEY, customer text NOT NULL, amount numeric(10,2)";

class OpsReplay : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    write_config();
  }

  std::string url(const std::string& name) const { return "s3://" + m_bucket + "/" + key(name); }

  RunResult replay(std::vector<std::string> args) {
    args.insert(args.begin(), "replay");
    return run_s3load(args, base_env());
  }

  std::int64_t ingestion_id(const std::string& name) {
    return m_db.count("SELECT id FROM s3load.ingestions WHERE bucket = $1 AND key = $2",
                      {m_bucket, key(name)});
  }
};

TEST_F(OpsReplay, ARejectedFileLoadsAfterTheTableIsFixedAndBothAttemptsAreKept) {
  create_table(COLUMNS_WITHOUT_DATE);
  upload("orders.csv", ORDERS_CSV);
  const auto first = ingest({url("orders.csv")});
  ASSERT_EQ(first.exit_code, 2) << first.all();
  ASSERT_EQ(first.json_lines()[0]["error_code"], "header_mismatch") << first.all();
  EXPECT_EQ(target_rows(), 0);

  m_db.exec("ALTER TABLE " + m_table + " ADD COLUMN ordered_at date");
  const auto second = replay({url("orders.csv")});
  ASSERT_EQ(second.exit_code, 0) << second.all();
  ASSERT_EQ(second.json_lines().size(), 1u) << second.all();
  EXPECT_EQ(second.json_lines()[0]["status"], "loaded");
  EXPECT_EQ(second.json_lines()[0]["rows_loaded"], 3);
  EXPECT_EQ(target_rows(), 3);

  const std::int64_t id = ingestion_id("orders.csv");
  EXPECT_EQ(m_db.count("SELECT attempts FROM s3load.ingestions WHERE id = $1", {std::to_string(id)}), 2);
  const auto history = m_db.exec(
      "SELECT attempt, status, coalesce(error_code, ''), rows_loaded, request_id LIKE 'replay-%' "
      "FROM s3load.attempts WHERE ingestion_id = $1 ORDER BY attempt",
      {std::to_string(id)});
  ASSERT_EQ(history.rows(), 2);
  EXPECT_EQ(history.integer(0, 0), 1);
  EXPECT_EQ(history.text(0, 1), "rejected");
  EXPECT_EQ(history.text(0, 2), "header_mismatch");
  EXPECT_EQ(history.integer(0, 3), 0);
  EXPECT_FALSE(history.boolean(0, 4));
  EXPECT_EQ(history.integer(1, 0), 2);
  EXPECT_EQ(history.text(1, 1), "loaded");
  EXPECT_EQ(history.text(1, 2), "");
  EXPECT_EQ(history.integer(1, 3), 3);
  EXPECT_TRUE(history.boolean(1, 4));

  // status --id shows both attempts.
  const auto shown = run_s3load({"status", "--id", std::to_string(id), "--json"}, base_env());
  ASSERT_EQ(shown.exit_code, 0) << shown.all();
  const auto detail = shown.json_lines().at(0);
  EXPECT_EQ(detail["status"], "loaded");
  EXPECT_EQ(detail["attempts"], 2);
  ASSERT_EQ(detail["attempt_history"].size(), 2u);
  EXPECT_EQ(detail["attempt_history"][0]["status"], "rejected");
  EXPECT_EQ(detail["attempt_history"][0]["error_code"], "header_mismatch");
  EXPECT_EQ(detail["attempt_history"][1]["status"], "loaded");
  EXPECT_EQ(detail["attempt_history"][1]["rows_loaded"], 3);
  const auto text = run_s3load({"status", "--id", std::to_string(id)}, base_env());
  EXPECT_NE(text.out.find("\nattempts:\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("\n1  "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("\n2  "), std::string::npos) << text.out;
}

TEST_F(OpsReplay, AStillBrokenFileIsRejectedAgainAndEveryAttemptIsCounted) {
  create_table(COLUMNS_WITHOUT_DATE);
  upload("orders.csv", ORDERS_CSV);
  ASSERT_EQ(ingest({url("orders.csv")}).exit_code, 2);
  const auto again = replay({url("orders.csv")});
  EXPECT_EQ(again.exit_code, 2) << again.all();
  EXPECT_EQ(again.json_lines().at(0)["status"], "rejected");
  const std::int64_t id = ingestion_id("orders.csv");
  EXPECT_EQ(m_db.count("SELECT attempts FROM s3load.ingestions WHERE id = $1", {std::to_string(id)}), 2);
  EXPECT_EQ(m_db.count("SELECT count(*) FROM s3load.attempts WHERE ingestion_id = $1 AND status = 'rejected'",
                       {std::to_string(id)}),
            2);
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(OpsReplay, ReplayOfALoadedObjectIsADuplicate) {
  create_table(ORDERS_COLUMNS);
  upload("orders.csv", ORDERS_CSV);
  ASSERT_EQ(ingest({url("orders.csv")}).exit_code, 0);
  const auto result = replay({url("orders.csv")});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  EXPECT_EQ(result.json_lines().at(0)["status"], "duplicate");
  EXPECT_EQ(target_rows(), 3);
  EXPECT_EQ(m_db.count("SELECT attempts FROM s3load.ingestions WHERE key = $1", {key("orders.csv")}), 1);
}

TEST_F(OpsReplay, FailedReplaysEveryRejectedObjectOfTheFeed) {
  create_table(COLUMNS_WITHOUT_DATE);
  upload("a.csv", ORDERS_CSV);
  upload("b.csv",
         "order_id,customer,amount,ordered_at\n"
         "10,Barbara,1.00,2026-11-04\n");
  upload("c.csv", "order_id,customer,amount\n20,Ken,2.00\n");
  ASSERT_EQ(ingest({url("a.csv")}).exit_code, 2);
  ASSERT_EQ(ingest({url("b.csv")}).exit_code, 2);
  ASSERT_EQ(ingest({url("c.csv")}).exit_code, 0);

  m_db.exec("ALTER TABLE " + m_table + " ADD COLUMN ordered_at date");
  const auto result = replay({"--failed", "--feed", m_prefix, "--since", "1h"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  const auto outcomes = result.json_lines();
  ASSERT_EQ(outcomes.size(), 2u) << result.all();
  EXPECT_EQ(outcomes[0]["key"], key("a.csv"));  // oldest first
  EXPECT_EQ(outcomes[0]["status"], "loaded");
  EXPECT_EQ(outcomes[1]["key"], key("b.csv"));
  EXPECT_EQ(outcomes[1]["status"], "loaded");
  EXPECT_EQ(target_rows(), 5);
  EXPECT_EQ(ledger_rows("loaded"), 3);
  EXPECT_EQ(ledger_rows("rejected"), 0);

  const auto nothing = replay({"--failed", "--feed", m_prefix, "--since", "1h"});
  EXPECT_EQ(nothing.exit_code, 0) << nothing.all();
  EXPECT_EQ(nothing.out, "");
  EXPECT_NE(nothing.err.find("s3load: nothing to replay: no object is rejected or failed since "),
            std::string::npos)
      << nothing.err;
  EXPECT_NE(nothing.err.find(" for feed " + m_prefix + " (--since all looks further back)\n"),
            std::string::npos)
      << nothing.err;
}

TEST_F(OpsReplay, ANewerLoadedVersionIsNotReplacedByAnOlderRejectedOne) {
  create_table(ORDERS_COLUMNS);
  upload("daily.csv", "order_id,customer\n1,a,extra\n");  // rejected: too many fields
  ASSERT_EQ(ingest({url("daily.csv")}).exit_code, 2);
  upload("daily.csv", "order_id,customer\n2,b\n");  // the vendor's fixed upload
  ASSERT_EQ(ingest({url("daily.csv")}).exit_code, 0);
  const auto result = replay({url("daily.csv")});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  EXPECT_EQ(result.json_lines().at(0)["status"], "duplicate") << "the key's latest state is loaded";
  const auto failed = replay({"--failed", "--feed", m_prefix, "--since", "1h"});
  EXPECT_EQ(failed.exit_code, 0) << failed.all();
  EXPECT_EQ(failed.out, "");
  EXPECT_EQ(target_rows(), 1);
}

TEST_F(OpsReplay, ErrorsSayHowToNameWhatToReplay) {
  create_table(ORDERS_COLUMNS);
  const auto nothing = replay({});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_EQ(nothing.err,
            "s3load: name what to replay: an object (s3load replay s3://bucket/key) or every rejected or "
            "failed one "
            "(s3load replay --failed [--since 2d])\n");
  const auto both = replay({url("x.csv"), "--failed"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_EQ(both.err, "s3load: give either an object (s3://bucket/key) or --failed, not both\n");
  const auto bucket_only = replay({"s3://" + m_bucket});
  EXPECT_EQ(bucket_only.exit_code, 2);
  EXPECT_EQ(bucket_only.err,
            "s3load: \"s3://" + m_bucket +
                "\" does not name an object; use s3://bucket/key (for every object under a prefix, "
                "use s3load backfill s3://bucket/prefix/)\n");
  const auto unknown = replay({url("never-seen.csv")});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err,
            "s3load: " + url("never-seen.csv") +
                " is not in the ledger, so there is nothing to replay; load it with: s3load ingest '" +
                url("never-seen.csv") + "'\n");
  const auto since = replay({"--failed", "--since", "last week", "--feed", m_prefix});
  EXPECT_EQ(since.exit_code, 2);
  EXPECT_EQ(since.err.rfind("s3load: --since \"last week\" is not a duration or a date; use ", 0), 0u)
      << since.err;
  const auto feed = replay({"--failed", "--feed", "no-such-feed"});
  EXPECT_EQ(feed.exit_code, 2);
  EXPECT_EQ(feed.err, "s3load: no feed named \"no-such-feed\" in " + m_config_path +
                          "; configured feeds:\n  " + m_prefix + " (match \"" + m_prefix + "/**\", table " +
                          m_table + ")\n");
}

}  // namespace
}  // namespace s3load::testing
