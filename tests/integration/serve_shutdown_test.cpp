// Graceful shutdown of `s3load serve` with a load in flight: the load is held on a table lock the test
// owns, so the server is provably mid-load when the signal arrives.
#include <csignal>
#include <future>

#include "serve_test_support.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

class ServeShutdown : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
    m_token = new_token();
  }

  std::unique_ptr<ServeProcess> start(const std::string& grace) {
    return std::make_unique<ServeProcess>(
        std::vector<std::string>{"--listen", "127.0.0.1:0", "--shutdown-grace", grace},
        std::map<std::string, std::string>{{"S3LOAD_CONFIG", m_config_path},
                                           {"S3LOAD_SERVE_TOKEN", m_token}});
  }

  // Takes the target table's strongest lock in an open transaction of its own, so COPY waits for it.
  void lock_table() {
    m_locker.exec("BEGIN");
    m_locker.exec("LOCK TABLE " + m_table + " IN ACCESS EXCLUSIVE MODE");
  }

  // Posts the event in the background and returns once the server waits on the table lock.
  std::future<HttpAnswer> post_and_wait_for_the_lock(ServeProcess& serve, const std::string& event) {
    auto answer = std::async(std::launch::async, [url = serve.url("/events"), event, token = m_token] {
      return http_post(url, event, {"Authorization: Bearer " + token});
    });
    const bool waiting = eventually(
        [&] {
          return m_db.count("SELECT count(*) FROM pg_locks WHERE relation = $1::regclass AND NOT granted",
                            {m_table}) > 0;
        },
        30s);
    EXPECT_TRUE(waiting) << serve.log();
    return answer;
  }

  static bool logged(const ServeProcess& serve, const std::string& message) {
    for (const auto& line : serve.log_lines())
      if (line.value("message", "") == message) return true;
    return false;
  }

  static nlohmann::json stopped_line(const ServeProcess& serve) {
    for (const auto& line : serve.log_lines())
      if (line.value("message", "") == "stopped") return line;
    return nullptr;
  }

  TestDatabase m_locker;
  std::string m_token;
};

TEST_F(ServeShutdown, LoadInFlightFinishesWithinTheGracePeriodAndIsAnswered) {
  auto serve = start("60s");
  const auto record = upload("orders.csv", ORDERS_CSV);
  lock_table();
  auto pending = post_and_wait_for_the_lock(*serve, s3_event({record}));

  const auto signalled = TestClock::now();
  serve->send_signal(SIGTERM);
  // It stops accepting at once, and keeps running while the load waits.
  ASSERT_TRUE(eventually([&] { return http_request("GET", serve->url("/healthz")).status == 0; }, 10s))
      << serve->log();
  EXPECT_TRUE(logged(*serve, "shutting down"));
  EXPECT_TRUE(serve->running());
  EXPECT_EQ(pending.wait_for(0s), std::future_status::timeout);

  m_locker.exec("COMMIT");
  const auto answer = pending.get();
  ASSERT_EQ(answer.status, 200) << answer.body << answer.curl_error;
  EXPECT_EQ(answer.json()["loaded"], 1);
  EXPECT_EQ(serve->wait_exit(30s), std::optional<int>(0)) << serve->log();
  const double seconds = std::chrono::duration<double>(TestClock::now() - signalled).count();
  std::printf("[ measured ] SIGTERM to exit with the load finishing: %.2f s\n", seconds);
  EXPECT_EQ(stopped_line(*serve)["cancelled"], false) << serve->log();
  EXPECT_EQ(target_rows(), 3);
  EXPECT_EQ(ledger_rows("loaded"), 1);
}

TEST_F(ServeShutdown, LoadStillRunningAfterTheGracePeriodRollsBackAndIsAnswered503) {
  auto serve = start("1s");
  const auto record = upload("orders.csv", ORDERS_CSV);
  lock_table();
  auto pending = post_and_wait_for_the_lock(*serve, s3_event({record}));

  const auto signalled = TestClock::now();
  serve->send_signal(SIGTERM);
  const auto answer = pending.get();
  ASSERT_EQ(answer.status, 503) << answer.body << answer.curl_error;
  EXPECT_EQ(answer.json()["failed"], 1);
  EXPECT_EQ(answer.json()["errorType"], "S3Load.TransientFailure");
  EXPECT_EQ(serve->wait_exit(30s), std::optional<int>(0)) << serve->log();
  const double seconds = std::chrono::duration<double>(TestClock::now() - signalled).count();
  std::printf("[ measured ] SIGTERM to exit with a 1 s grace and the load rolled back: %.2f s\n", seconds);
  EXPECT_GE(seconds, 1.0);
  EXPECT_EQ(stopped_line(*serve)["cancelled"], true) << serve->log();
  EXPECT_TRUE(logged(*serve, "cancelling the loads in progress; they roll back and are answered 503"));

  m_locker.exec("ROLLBACK");
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_rows("loaded"), 0);
  EXPECT_EQ(ledger_rows("failed"), 1);
}

TEST_F(ServeShutdown, SecondSignalSkipsTheGracePeriod) {
  auto serve = start("10m");
  const auto record = upload("orders.csv", ORDERS_CSV);
  lock_table();
  auto pending = post_and_wait_for_the_lock(*serve, s3_event({record}));

  serve->send_signal(SIGTERM);
  ASSERT_TRUE(eventually([&] { return logged(*serve, "shutting down"); }, 10s)) << serve->log();
  serve->send_signal(SIGINT);
  const auto answer = pending.get();
  EXPECT_EQ(answer.status, 503) << answer.body;
  EXPECT_EQ(serve->wait_exit(30s), std::optional<int>(0)) << serve->log();
  m_locker.exec("ROLLBACK");
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(ServeShutdown, IdleServerExitsAtOnceOnSigint) {
  auto serve = start("20s");
  const auto signalled = TestClock::now();
  serve->send_signal(SIGINT);
  EXPECT_EQ(serve->wait_exit(10s), std::optional<int>(0)) << serve->log();
  EXPECT_LT(std::chrono::duration<double>(TestClock::now() - signalled).count(), 5.0);
  EXPECT_EQ(stopped_line(*serve)["cancelled"], false);
}

}  // namespace
}  // namespace s3load::testing
