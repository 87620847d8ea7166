// A push during a database outage: `s3load serve` answers 5xx, Ceph RGW keeps the event in its
// persistent queue and retries, and the file loads once PostgreSQL is back, exactly once.
// Stops PostgreSQL (scripts/dev-stack pg-stop-immediate), hence a disruptive test run alone.
#include <cstdlib>

#include "serve_test_support.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

int dev_stack(const std::string& command) {
  const std::string line =
      std::string(S3LOAD_SOURCE_DIR) + "/scripts/dev-stack " + command + " >/dev/null 2>&1";
  return std::system(line.c_str());
}

// Crashes PostgreSQL for its lifetime and starts it again however the test ends.
class DatabaseOutage {
 public:
  DatabaseOutage() {
    if (dev_stack("pg-stop-immediate") != 0)
      throw std::runtime_error("scripts/dev-stack pg-stop-immediate failed");
  }
  ~DatabaseOutage() { end(); }
  DatabaseOutage(const DatabaseOutage&) = delete;
  DatabaseOutage& operator=(const DatabaseOutage&) = delete;

  void end() {
    if (m_ended) return;
    m_ended = true;
    if (dev_stack("pg-start") != 0) std::fprintf(stderr, "scripts/dev-stack pg-start failed\n");
  }

 private:
  bool m_ended = false;
};

class ServeOutage : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
    m_token = new_token();
  }

  // A fresh connection each time: the test's own one does not survive the outage.
  std::int64_t loaded_rows_of(const std::string& name) {
    TestDatabase db;
    return db.count("SELECT count(*) FROM s3load.ingestions WHERE key = $1 AND status = 'loaded'",
                    {key(name)});
  }

  static std::size_t answers_with_status(const ServeProcess& serve, int status) {
    std::size_t count = 0;
    for (const auto& line : serve.request_lines())
      count += line.value("status", 0) == status ? 1 : 0;
    return count;
  }

  std::string m_token;
};

TEST_F(ServeOutage, PushDuringADatabaseOutageIsAnswered503AndLoadsOnceTheGatewayRetries) {
  ServeProcess serve({"--listen", "127.0.0.1:0"},
                     {{"S3LOAD_CONFIG", m_config_path}, {"S3LOAD_SERVE_TOKEN", m_token}});
  NotificationWiring wiring(unique_bucket("serve"), unique_bucket("serve-topic"),
                            serve.url("/events?token=" + m_token), m_prefix + "/");

  // First an ordinary load, so the gateway has picked up the new topic's queue (up to 30 s).
  auto start = TestClock::now();
  wiring.upload(key("before.csv"), ORDERS_CSV);
  ASSERT_TRUE(eventually([&] { return loaded_rows_of("before.csv") == 1; }, 90s, 100ms)) << serve.log();
  std::printf("[ measured ] first event of a new topic: %.2f s\n",
              std::chrono::duration<double>(TestClock::now() - start).count());

  {
    DatabaseOutage outage;
    wiring.upload(key("during.csv"), "order_id,customer\n10,outage\n11,outage\n");
    start = TestClock::now();
    ASSERT_TRUE(eventually([&] { return answers_with_status(serve, 503) >= 1; }, 60s, 100ms)) << serve.log();
    std::printf("[ measured ] upload to the first 503 answer during the outage: %.2f s\n",
                std::chrono::duration<double>(TestClock::now() - start).count());
    for (const auto& line : serve.request_lines()) {
      if (line.value("status", 0) == 503) {
        EXPECT_EQ(line["outcomes"], nlohmann::json({{"failed", 1}}));
      }
    }
    outage.end();
  }

  start = TestClock::now();
  ASSERT_TRUE(eventually([&] { return loaded_rows_of("during.csv") == 1; }, 60s, 100ms)) << serve.log();
  std::printf("[ measured ] database back to loaded (gateway retries): %.2f s, 503 answers meanwhile: %zu\n",
              std::chrono::duration<double>(TestClock::now() - start).count(),
              answers_with_status(serve, 503));
  TestDatabase db;
  EXPECT_EQ(db.count("SELECT count(*) FROM " + m_table), 5);
  EXPECT_EQ(db.count("SELECT count(*) FROM " + m_table + " WHERE customer = 'outage'"), 2);
  EXPECT_TRUE(serve.running());
}

}  // namespace
}  // namespace s3load::testing
