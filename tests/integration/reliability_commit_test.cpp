// A COMMIT that fails: a deferred foreign key broken by the file (a permanent, row-less rejection that a
// second delivery repeats), a COMMIT the server never reads (retried, loaded once), and a COMMIT lost
// while the ledger cannot be read either (a transient failure, never a crash nor a touch of the broken
// connection; run under ASan with S3LOAD_TEST_BINARY pointing at the sanitized build). Also: a table the
// loading role may not insert into is an operator's fault (failed, access_denied), never a rejection.
#include "reliability_support.h"
#include "support/fault_proxy.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

// Plain TCP (sslmode=disable) so the proxy can see the COMMIT query go by: 'Q', length 11, "COMMIT", NUL.
const std::string COMMIT_QUERY(
    "Q\0\0\0\x0b"
    "COMMIT\0",
    12);

class CommitFaults : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(LINES_COLUMNS);
    write_config();
    const auto database = host_port_of(environment("S3LOAD_DATABASE_URL"));
    m_proxy = std::make_unique<FaultProxy>(database.host, database.port, Protocol::tcp);
  }

  RunResult invoke_via_proxy(const std::string& event) {
    return invoke(event,
                  {{"S3LOAD_DATABASE_URL",
                    with_port(environment("S3LOAD_DATABASE_URL"), m_proxy->port()) + "?sslmode=disable"}});
  }

  std::unique_ptr<FaultProxy> m_proxy;
};

TEST_F(CommitFaults, ACommitTheServerNeverReadIsRetriedAndLoadsOnce) {
  const auto file = generate_lines(11, 5000, 111);
  const auto record = upload("commit_dropped.csv", file.csv);
  m_proxy->script({Fault{.kind = FaultKind::reset,
                         .direction = Direction::to_server,
                         .after_pattern = COMMIT_QUERY,
                         .drop_pattern = true}});

  const auto run = invoke_via_proxy(s3_event({record}));
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(first_outcome(run)["status"], "loaded") << run.all();
  EXPECT_EQ(m_proxy->faults_fired(), 1u);
  EXPECT_EQ(table_checksum(m_db, m_table), expected_checksum(file.rows));
  const auto ledger = ledger_row(m_db, record.bucket, record.key);
  EXPECT_EQ(ledger.status, "loaded");
  EXPECT_EQ(ledger.attempts, 1);  // the dropped COMMIT never committed its claim
  EXPECT_EQ(ledger.rows_loaded, 5000);
}

TEST_F(CommitFaults, ACommitLostWhileTheLedgerCannotBeReadIsATransientFailure) {
  const auto file = generate_lines(12, 2000, 112);
  const auto record = upload("commit_unresolved.csv", file.csv);
  // The COMMIT is dropped; then every new connection is reset at once: the ledger read that would
  // resolve the outcome (3 tries), two more load attempts (3 tries each) and recording the failure.
  std::vector<Fault> script{Fault{.kind = FaultKind::reset,
                                  .direction = Direction::to_server,
                                  .after_pattern = COMMIT_QUERY,
                                  .drop_pattern = true}};
  for (int i = 0; i < 12; ++i)
    script.push_back(Fault{.kind = FaultKind::reset, .direction = Direction::to_server, .after_bytes = 0});
  m_proxy->script(script);
  const std::string event = s3_event({record});

  const auto run = invoke_via_proxy(event);
  EXPECT_EQ(run.exit_code, 1) << run.all();
  const auto outcome = first_outcome(run);
  EXPECT_EQ(outcome["status"], "failed") << run.all();
  EXPECT_EQ(outcome["error_class"], "transient");
  EXPECT_NE(run.err.find("commit_outcome_unknown"), std::string::npos) << run.err;
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_row(m_db, record.bucket, record.key).status, "");  // nothing could be recorded

  // The next delivery, with the database back, loads the file once.
  const auto again = invoke_via_proxy(event);
  ASSERT_EQ(again.exit_code, 0) << again.all();
  EXPECT_EQ(first_outcome(again)["status"], "loaded") << again.all();
  EXPECT_EQ(table_checksum(m_db, m_table), expected_checksum(file.rows));
}

class CommitConstraints : public LoadTest {};

TEST_F(CommitConstraints, ADeferredForeignKeyBrokenAtCommitIsRejectedWithoutRowsTwice) {
  m_db.exec("CREATE TABLE " + m_table + "_parent (id integer PRIMARY KEY)");
  m_db.exec("INSERT INTO " + m_table + "_parent VALUES (1)");
  create_table("id integer REFERENCES " + m_table + "_parent (id) DEFERRABLE INITIALLY DEFERRED, name text");
  write_config();
  const std::string event = s3_event({upload("orphans.csv", "id,name\n1,has a parent\n2,orphan\n")});

  for (int delivery = 1; delivery <= 2; ++delivery) {
    const auto run = invoke(event);
    EXPECT_EQ(run.exit_code, 0) << run.all();  // a rejection is a handled outcome
    const auto outcome = first_outcome(run);
    EXPECT_EQ(outcome["status"], "rejected") << delivery << ": " << run.all();
    EXPECT_EQ(outcome["error_class"], "permanent");
    EXPECT_EQ(outcome["error_code"], "constraint_at_commit") << run.all();
    const std::string message = outcome["error_message"];
    EXPECT_NE(message.find("SQLSTATE 23503"), std::string::npos) << message;
    EXPECT_NE(message.find("foreign key"), std::string::npos) << message;
    EXPECT_EQ(target_rows(), 0);
    const auto ledger = ledger_row(m_db, m_bucket, key("orphans.csv"));
    EXPECT_EQ(ledger.status, "rejected");
    EXPECT_EQ(ledger.error_code, "constraint_at_commit");
    EXPECT_EQ(ledger.rows_loaded, 0);
  }
}

TEST_F(CommitConstraints, ATableWithoutInsertPrivilegeIsAccessDeniedNotRejected) {
  create_table("id integer, name text");
  write_config();
  m_db.exec("REVOKE INSERT ON " + m_table + " FROM CURRENT_USER");
  const auto record = upload("no_insert.csv", "id,name\n1,a\n");

  const auto run = ingest({"s3://" + m_bucket + "/" + key("no_insert.csv")});
  EXPECT_EQ(run.exit_code, 1) << run.all();
  const auto outcome = first_outcome(run);
  EXPECT_EQ(outcome["status"], "failed") << run.all();
  EXPECT_EQ(outcome["error_class"], "transient");
  EXPECT_EQ(outcome["error_code"], "access_denied") << run.all();
  EXPECT_EQ(ledger_row(m_db, record.bucket, record.key).status, "failed");
  EXPECT_EQ(target_rows(), 0);
}

// A password whose percent-escape is malformed: libpq's own parse error would quote it.
TEST_F(CommitConstraints, ADatabaseUrlWithABadEscapeIsAConfigurationErrorThatNeverRepeatsThePassword) {
  create_table("id integer, name text");
  write_config();
  const std::string password = "leaky%zzsecret-9b2e";
  const std::string url = "postgresql://s3load:" + password + "@127.0.0.1:55432/s3load";
  const auto record = upload("bad_escape.csv", "id,name\n1,a\n");
  const std::map<std::string, std::string> env{{"S3LOAD_DATABASE_URL", url}, {"S3LOAD_LOG_LEVEL", "debug"}};

  const std::vector<std::pair<std::string, RunResult>> runs{
      {"invoke", invoke(s3_event({record}), env)},
      {"ingest", ingest({"s3://" + m_bucket + "/" + key("bad_escape.csv")}, env)},
  };
  for (const auto& [name, run] : runs) {
    EXPECT_EQ(run.exit_code, 1) << name << ": " << run.all();
    const auto outcome = first_outcome(run);
    EXPECT_EQ(outcome["status"], "failed") << name << ": " << run.all();
    EXPECT_EQ(outcome["error_code"], "bad_database_url") << name << ": " << run.all();
    for (const std::string& secret : {password, std::string("leaky"), std::string("zzsecret")})
      EXPECT_EQ(run.all().find(secret), std::string::npos) << name << " wrote the password: " << run.all();
  }
}

}  // namespace
}  // namespace s3load::testing
