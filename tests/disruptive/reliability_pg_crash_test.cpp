// PostgreSQL crashes (scripts/dev-stack pg-stop-immediate, i.e. pg_ctl stop -m immediate) in the middle
// of a COPY. Crash recovery leaves no partial rows and no ledger row; whichever retry comes next (the
// in-process one when the server is back in time, else the next delivery) loads the file exactly once.
// Stops the shared PostgreSQL, hence a disruptive test run alone; the server is started again however
// the test ends.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "reliability_support.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

using namespace std::chrono_literals;

int dev_stack(const std::string& command) {
  const std::string line =
      std::string(S3LOAD_SOURCE_DIR) + "/scripts/dev-stack " + command + " >/dev/null 2>&1";
  return std::system(line.c_str());
}

// Crashes PostgreSQL on crash() and starts it again on start() or, at the latest, in the destructor.
class DatabaseCrash {
 public:
  DatabaseCrash() = default;
  ~DatabaseCrash() {
    if (m_down) start();
  }
  DatabaseCrash(const DatabaseCrash&) = delete;
  DatabaseCrash& operator=(const DatabaseCrash&) = delete;

  void crash() {
    m_down = true;
    if (dev_stack("pg-stop-immediate") != 0)
      throw std::runtime_error("scripts/dev-stack pg-stop-immediate failed");
  }
  void start() {
    m_down = false;
    if (dev_stack("pg-start") != 0) std::fprintf(stderr, "scripts/dev-stack pg-start failed\n");
  }

 private:
  bool m_down = false;
};

class PostgresCrash : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(LINES_COLUMNS);
    write_config();
    m_table_oid = m_db.text("SELECT $1::regclass::oid::text", {m_table});
  }

  // Starts delivering `event` in the background and returns once the COPY into the table is under way.
  std::jthread deliver_and_wait_for_copy(const std::string& event, RunResult& result) {
    std::jthread delivery([this, event, &result] { result = invoke(event); });
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    TestDatabase watcher;
    while (std::chrono::steady_clock::now() < deadline) {
      if (watcher.count(
              "SELECT count(*) FROM pg_stat_progress_copy WHERE relid = $1::oid AND tuples_processed > 0",
              {m_table_oid}) > 0)
        return delivery;
      std::this_thread::sleep_for(5ms);  // polling the server's progress view, not a synchronisation sleep
    }
    delivery.join();
    throw std::runtime_error("the COPY never started:\n" + result.all());
  }

  static void expect_loaded_once(const RunResult& run, const std::string& table, const GeneratedFile& file,
                                 const EventRecord& record) {
    TestDatabase db;
    EXPECT_EQ(table_checksum(db, table), expected_checksum(file.rows)) << run.all();
    const auto ledger = ledger_row(db, record.bucket, record.key);
    EXPECT_EQ(ledger.status, "loaded");
    EXPECT_EQ(ledger.rows_loaded, static_cast<std::int64_t>(file.rows.size()));
  }

  std::string m_table_oid;
};

// A million rows (about 37 MB): the COPY lasts long enough to be caught in the middle.
GeneratedFile crash_file(int file_no) {
  return generate_lines(file_no, 1000000, 500 + static_cast<std::uint32_t>(file_no));
}

TEST_F(PostgresCrash, CrashMidCopyLeavesNothingAndTheNextDeliveryLoadsOnce) {
  const auto file = crash_file(1);
  const PlainObject object(key("crash.csv"), file.csv);
  const auto& record = object.record();
  const std::string event = s3_event({record});
  RunResult during;
  {
    DatabaseCrash crash;
    std::jthread delivery = deliver_and_wait_for_copy(event, during);
    crash.crash();
    delivery.join();  // the server stays down through every in-process retry
    crash.start();
  }
  EXPECT_EQ(during.exit_code, 1) << during.all();
  const auto outcome = first_outcome(during);
  EXPECT_EQ(outcome["status"], "failed") << during.all();
  EXPECT_EQ(outcome["error_class"], "transient");
  EXPECT_EQ(outcome["error_code"], "db_unreachable");
  EXPECT_NE(during.err.find("\"could not record the outcome in the ledger\""), std::string::npos)
      << during.err;
  TestDatabase db;
  EXPECT_EQ(db.count("SELECT count(*) FROM " + m_table), 0);        // crash recovery rolled the COPY back
  EXPECT_EQ(ledger_row(db, record.bucket, record.key).status, "");  // nothing committed, nothing recorded

  const auto again = invoke(event);
  ASSERT_EQ(again.exit_code, 0) << again.all();
  EXPECT_EQ(first_outcome(again)["status"], "loaded") << again.all();
  expect_loaded_once(again, m_table, file, record);
  EXPECT_EQ(ledger_row(db, record.bucket, record.key).attempts, 1);
}

TEST_F(PostgresCrash, RestartDuringTheRetriesLoadsExactlyOnce) {
  const auto file = crash_file(2);
  const PlainObject object(key("restart.csv"), file.csv);
  const auto& record = object.record();
  const std::string event = s3_event({record});
  RunResult during;
  std::jthread delivery;
  {
    DatabaseCrash crash;
    delivery = deliver_and_wait_for_copy(event, during);
    crash.crash();
    crash.start();  // back within the in-process retries, usually
  }
  delivery.join();
  const std::string status = first_outcome(during)["status"];
  std::printf("[ measured ] restart during the retries: first delivery %s\n", status.c_str());
  if (status == "failed") {
    // The server came back after the last retry: the next delivery loads it.
    EXPECT_EQ(during.exit_code, 1) << during.all();
    TestDatabase db;
    EXPECT_EQ(db.count("SELECT count(*) FROM " + m_table), 0);
    const auto again = invoke(event);
    ASSERT_EQ(again.exit_code, 0) << again.all();
    EXPECT_EQ(first_outcome(again)["status"], "loaded") << again.all();
    expect_loaded_once(again, m_table, file, record);
  } else {
    EXPECT_EQ(status, "loaded") << during.all();
    EXPECT_EQ(during.exit_code, 0) << during.all();
    EXPECT_NE(during.err.find("\"database fault during load; retrying\""), std::string::npos) << during.err;
    expect_loaded_once(during, m_table, file, record);
    const auto again = invoke(event);
    EXPECT_EQ(first_outcome(again)["status"], "duplicate") << again.all();
  }
}

}  // namespace
}  // namespace s3load::testing
