// Faults between s3load and PostgreSQL, injected by a proxy in front of the local server: the connection
// reset in the middle of a COPY (once, and on every attempt), and the connection lost after the COMMIT
// reached the server but before its answer came back. The target holds either nothing or exactly the
// file, and the ledger agrees with it.
#include <cstdio>

#include "reliability_support.h"
#include "support/fault_proxy.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

constexpr std::uint64_t MIB = 1024 * 1024;

class PostgresFaults : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(LINES_COLUMNS);
    write_config();
    const auto database = host_port_of(environment("S3LOAD_DATABASE_URL"));
    m_proxy = std::make_unique<FaultProxy>(database.host, database.port, Protocol::tcp);
  }

  // `extra`: more connection parameters, e.g. "?sslmode=disable".
  RunResult invoke_via_proxy(const std::string& event, const std::string& extra = "") {
    return invoke(event, {{"S3LOAD_DATABASE_URL",
                           with_port(environment("S3LOAD_DATABASE_URL"), m_proxy->port()) + extra}});
  }

  std::unique_ptr<FaultProxy> m_proxy;
};

// Large enough that the COPY is well under way when 2 MiB have gone to the server.
GeneratedFile big_file(int file_no) {
  return generate_lines(file_no, 200000, 100 + static_cast<std::uint32_t>(file_no));
}

TEST_F(PostgresFaults, ConnectionResetMidCopyIsRetriedInProcessAndLoadsOnce) {
  const auto file = big_file(1);
  const PlainObject object(key("reset_once.csv"), file.csv);
  const auto& record = object.record();
  m_proxy->script(
      {Fault{.kind = FaultKind::reset, .direction = Direction::to_server, .after_bytes = 2 * MIB}});

  const auto run = invoke_via_proxy(s3_event({record}));
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(first_outcome(run)["status"], "loaded") << run.all();
  EXPECT_NE(run.err.find("\"database fault during load; retrying\""), std::string::npos) << run.err;
  EXPECT_EQ(table_checksum(m_db, m_table), expected_checksum(file.rows));
  const auto ledger = ledger_row(m_db, record.bucket, record.key);
  EXPECT_EQ(ledger.status, "loaded");
  EXPECT_EQ(ledger.attempts, 1);  // the reset attempt rolled back, its claim with it
  EXPECT_EQ(ledger.rows_loaded, 200000);
  EXPECT_EQ(m_proxy->faults_fired(), 1u);
  EXPECT_EQ(m_proxy->connections(), 2u);
}

TEST_F(PostgresFaults, ResetMidCopyOnEveryAttemptFailsTransientlyAndTheNextDeliveryLoadsOnce) {
  const auto file = big_file(2);
  const PlainObject object(key("reset_always.csv"), file.csv);
  const auto& record = object.record();
  const Fault reset{.kind = FaultKind::reset, .direction = Direction::to_server, .after_bytes = 2 * MIB};
  // Three load attempts, each on a new connection; the fourth connection records the failure.
  m_proxy->script({reset, reset, reset});
  const std::string event = s3_event({record});

  const auto run = invoke_via_proxy(event);
  EXPECT_EQ(run.exit_code, 1) << run.all();
  const auto outcome = first_outcome(run);
  EXPECT_EQ(outcome["status"], "failed") << run.all();
  EXPECT_EQ(outcome["error_class"], "transient");
  EXPECT_EQ(outcome["error_code"], "db_unreachable") << run.all();
  EXPECT_EQ(target_rows(), 0);
  auto ledger = ledger_row(m_db, record.bucket, record.key);
  EXPECT_EQ(ledger.status, "failed");
  EXPECT_EQ(ledger.attempts, 1);
  EXPECT_EQ(ledger.error_code, "db_unreachable");
  EXPECT_EQ(ledger.error_message, outcome["error_message"]);
  EXPECT_EQ(m_proxy->faults_fired(), 3u);
  EXPECT_EQ(m_proxy->connections(), 4u);

  const auto again = invoke_via_proxy(event);
  ASSERT_EQ(again.exit_code, 0) << again.all();
  EXPECT_EQ(first_outcome(again)["status"], "loaded") << again.all();
  EXPECT_EQ(table_checksum(m_db, m_table), expected_checksum(file.rows));
  ledger = ledger_row(m_db, record.bucket, record.key);
  EXPECT_EQ(ledger.status, "loaded");
  EXPECT_EQ(ledger.attempts, 2);
  EXPECT_EQ(ledger.error_code, "");
}

TEST_F(PostgresFaults, ConnectionLostAfterTheCommitReachedTheServerIsResolvedFromTheLedger) {
  const auto file = generate_lines(3, 5000, 103);
  const auto record = upload("commit_lost.csv", file.csv);
  // Plain TCP so the proxy can see the COMMIT query go by: 'Q', its length, "COMMIT", NUL.
  m_proxy->script({Fault{.kind = FaultKind::lose_answer,
                         .direction = Direction::to_server,
                         .after_pattern = std::string("Q\0\0\0\x0b"
                                                      "COMMIT\0",
                                                      12)}});

  const auto run = invoke_via_proxy(s3_event({record}), "?sslmode=disable");
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(first_outcome(run)["status"], "loaded") << run.all();
  EXPECT_NE(run.err.find("\"commit outcome was unknown; the ledger shows it committed\""), std::string::npos)
      << run.err;
  EXPECT_EQ(m_proxy->faults_fired(), 1u);
  EXPECT_EQ(table_checksum(m_db, m_table), expected_checksum(file.rows));
  const auto ledger = ledger_row(m_db, record.bucket, record.key);
  EXPECT_EQ(ledger.status, "loaded");
  EXPECT_EQ(ledger.attempts, 1);
  EXPECT_EQ(ledger.rows_loaded, 5000);
}

}  // namespace
}  // namespace s3load::testing
