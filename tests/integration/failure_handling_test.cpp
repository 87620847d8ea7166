// Bad files, unreachable servers and denied requests: each has an exact, recorded outcome and leaves
// no partial rows behind.
#include "support/load_test.h"

namespace s3load::testing {
namespace {

class FailureHandling : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
  }
};

TEST_F(FailureHandling, OneBadValueRejectsTheWholeFile) {
  const auto record = upload("bad.csv",
                             "order_id,customer,amount\n"
                             "1,Ada,10.50\n"
                             "2,Grace,ten\n"
                             "3,Edsger,3.00\n");
  const auto run = invoke(s3_event({record}));
  ASSERT_EQ(run.exit_code, 0) << run.all();  // permanent: acknowledged, not retried
  const auto outcome = run.json_lines()[0];
  EXPECT_EQ(outcome["status"], "rejected");
  EXPECT_EQ(outcome["error_class"], "permanent");
  EXPECT_EQ(outcome["line"], 3) << run.all();
  EXPECT_EQ(target_rows(), 0);
  const auto ledger = m_db.exec(
      "SELECT status, error_class, error_message, rows_loaded FROM s3load.ingestions WHERE key = $1",
      {key("bad.csv")});
  ASSERT_EQ(ledger.rows(), 1);
  EXPECT_EQ(ledger.text(0, 0), "rejected");
  EXPECT_EQ(ledger.text(0, 1), "permanent");
  EXPECT_NE(std::string(ledger.text(0, 2)).find("line 3"), std::string::npos) << ledger.text(0, 2);
  EXPECT_EQ(ledger.integer(0, 3), 0);
  const auto rows = m_db.exec(
      "SELECT line_number, column_name, raw_line FROM s3load.rejected_rows r JOIN s3load.ingestions i "
      "ON i.id = r.ingestion_id WHERE i.key = $1",
      {key("bad.csv")});
  ASSERT_GE(rows.rows(), 1);
  EXPECT_EQ(rows.integer(0, 0), 3);
  EXPECT_EQ(rows.text(0, 1), "amount");
}

TEST_F(FailureHandling, UnreachableS3IsTransientWritesNothingAndLoadsOnceBack) {
  const std::string event = s3_event({upload("later.csv", ORDERS_CSV)});
  const auto down = invoke(event, {{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9"}});
  EXPECT_EQ(down.exit_code, 1) << down.all();
  const auto last = down.json_lines().back();
  EXPECT_NE(last["errorMessage"].get<std::string>().find("later.csv"), std::string::npos) << down.all();
  EXPECT_EQ(last["errorType"], "S3Load.TransientFailure");
  EXPECT_EQ(down.json_lines()[0]["status"], "failed");
  EXPECT_EQ(down.json_lines()[0]["error_code"], "s3_unreachable");
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_rows("failed"), 1);

  const auto back = invoke(event);
  ASSERT_EQ(back.exit_code, 0) << back.all();
  EXPECT_EQ(back.json_lines()[0]["status"], "loaded");
  EXPECT_EQ(target_rows(), 3);
  EXPECT_EQ(ledger_rows("loaded"), 1);
  EXPECT_EQ(m_db.count("SELECT attempts FROM s3load.ingestions WHERE key = $1", {key("later.csv")}), 2);
}

TEST_F(FailureHandling, UnreachableDatabaseIsTransient) {
  const auto run = invoke(s3_event({upload("nodb.csv", ORDERS_CSV)}),
                          {{"S3LOAD_DATABASE_URL", "postgresql://s3load@127.0.0.1:9/s3load"}});
  EXPECT_EQ(run.exit_code, 1) << run.all();
  EXPECT_EQ(run.json_lines()[0]["status"], "failed");
  EXPECT_EQ(run.json_lines()[0]["error_code"], "db_unreachable");
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(FailureHandling, CliIngestExitCodes) {
  upload("good.csv", ORDERS_CSV);
  upload("bad.csv", "order_id,customer\nx,y\n");
  EXPECT_EQ(ingest({"s3://" + m_bucket + "/" + key("good.csv")}).exit_code, 0);
  EXPECT_EQ(ingest({"s3://" + m_bucket + "/" + key("good.csv")}).exit_code, 0);  // already loaded
  EXPECT_EQ(ingest({"s3://" + m_bucket + "/" + key("bad.csv")}).exit_code, 2);
  const auto missing = ingest({"s3://" + m_bucket + "/" + key("missing.csv")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.json_lines()[0]["error_code"], "object_not_found") << missing.all();
  // Without a version the CLI must ask S3 which version is current: unreachable S3 is transient.
  EXPECT_EQ(
      ingest({"s3://" + m_bucket + "/" + key("bad.csv")}, {{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9"}})
          .exit_code,
      1);
}

TEST_F(FailureHandling, SqsBatchReportsOnlyTheFailingMessage) {
  // Create a second feed whose table is locked by this test, so its message fails transiently
  // (lock_timeout → SQLSTATE 55P03) while the first message loads.
  const std::string locked_table = "public." + unique_name("locked");
  m_db.exec("CREATE TABLE " + locked_table + " (order_id integer, customer text)");
  write_temp_file(m_prefix + ".toml", "[[feed]]\nname = \"locked\"\nmatch = \"" + m_prefix +
                                          "/locked/*\"\ntable = \"" + locked_table +
                                          "\"\n[[feed]]\nname = \"open\"\nmatch = \"" + m_prefix +
                                          "/**\"\ntable = \"" + m_table + "\"\n");
  const auto good = upload("good.csv", ORDERS_CSV);
  const auto blocked = upload("locked/blocked.csv", "order_id,customer\n1,a\n");
  const std::string event = sqs_event({s3_event({good}), s3_event({blocked}), "not json at all"});

  TestDatabase locker;
  locker.exec("BEGIN");
  locker.exec("LOCK TABLE " + locked_table + " IN ACCESS EXCLUSIVE MODE");
  const auto run = invoke(event, {{"PGOPTIONS", "-c lock_timeout=200"}});
  locker.exec("ROLLBACK");

  ASSERT_EQ(run.exit_code, 0) << run.all();  // SQS batches answer, they do not raise
  const auto lines = run.json_lines();
  ASSERT_EQ(lines.size(), 4u) << run.all();
  EXPECT_EQ(lines[0]["status"], "loaded");
  EXPECT_EQ(lines[1]["status"], "failed");
  EXPECT_EQ(lines[1]["error_code"], "lock_not_available");
  EXPECT_EQ(lines[2]["status"], "rejected");
  EXPECT_EQ(lines[3], nlohmann::json::parse(R"({"batchItemFailures":[{"itemIdentifier":"msg-2"}]})"));
  EXPECT_EQ(target_rows(), 3);
}

TEST_F(FailureHandling, WrongSecretIsATransientAccessDeniedNamingTheObject) {
  // The operator's fault, not the file's: the handler raises so the event comes back once it is fixed.
  const auto record = upload("secret.csv", ORDERS_CSV);
  const auto run = invoke(s3_event({record}), {{"AWS_SECRET_ACCESS_KEY", "not-the-secret"}});
  ASSERT_EQ(run.exit_code, 1) << run.all();
  const auto outcome = run.json_lines()[0];
  EXPECT_EQ(outcome["status"], "failed");
  EXPECT_EQ(outcome["error_code"], "access_denied");
  EXPECT_EQ(outcome["error_class"], "transient");
  const std::string message = outcome["error_message"];
  EXPECT_NE(message.find("s3://" + m_bucket + "/" + key("secret.csv")), std::string::npos) << message;
  EXPECT_NE(message.find("SignatureDoesNotMatch"), std::string::npos) << message;
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_rows("failed"), 1);
}

}  // namespace
}  // namespace s3load::testing
