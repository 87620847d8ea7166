// The real thing: Ceph RGW pushes bucket notifications from a persistent topic to `s3load serve`, and an
// upload loads with no other command. A new topic's first event can wait up to 30 s for the gateway's
// queue scan (docs/dev-stack.md), so the deadlines are generous and the latencies are printed.
#include "serve_test_support.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

class ServeRgw : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
    m_token = new_token();
  }

  bool loaded(const std::string& name) {
    return m_db.count("SELECT count(*) FROM s3load.ingestions WHERE key = $1 AND status = 'loaded'",
                      {key(name)}) == 1;
  }

  std::string m_token;
};

TEST_F(ServeRgw, UploadToANotifiedBucketLoadsWithNoOtherCommand) {
  ServeProcess serve({"--listen", "127.0.0.1:0"},
                     {{"S3LOAD_CONFIG", m_config_path}, {"S3LOAD_SERVE_TOKEN", m_token}});
  NotificationWiring wiring(unique_bucket("serve"), unique_bucket("serve-topic"),
                            serve.url("/events?token=" + m_token), m_prefix + "/");

  auto start = TestClock::now();
  wiring.upload(key("vendor upload Q1.csv"), ORDERS_CSV);
  ASSERT_TRUE(eventually([&] { return loaded("vendor upload Q1.csv"); }, 90s, 100ms)) << serve.log();
  std::printf("[ measured ] upload to loaded, first event of a new topic: %.2f s\n",
              std::chrono::duration<double>(TestClock::now() - start).count());
  EXPECT_EQ(target_rows(), 3);

  // Once the topic's queue is picked up, pushes follow within a fraction of a second. The key arrives
  // unencoded from RGW (eventSource ceph:s3).
  start = TestClock::now();
  wiring.upload(key("a+b=c é.csv"), "order_id,customer\n10,plus\n");
  ASSERT_TRUE(eventually([&] { return loaded("a+b=c é.csv"); }, 60s, 20ms)) << serve.log();
  std::printf("[ measured ] upload to loaded, later event: %.2f s\n",
              std::chrono::duration<double>(TestClock::now() - start).count());
  EXPECT_EQ(target_rows(), 4);
  EXPECT_EQ(m_db.text("SELECT bucket FROM s3load.ingestions WHERE key = $1", {key("a+b=c é.csv")}),
            wiring.bucket());

  // The answers the gateway got: 200 with one loaded object each (duplicates are possible, never loads).
  std::size_t loads = 0;
  for (const auto& line : serve.request_lines()) {
    EXPECT_EQ(line["status"], 200) << line.dump();
    EXPECT_EQ(line["path"], "/events");
    loads += line["outcomes"].value("loaded", 0);
  }
  EXPECT_EQ(loads, 2u) << serve.log();
  EXPECT_EQ(serve.log().find(m_token), std::string::npos) << "the token reached the log";
}

}  // namespace
}  // namespace s3load::testing
