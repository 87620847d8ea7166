// Duplicate and concurrent deliveries of one object version load its rows once.
#include <thread>

#include "support/load_test.h"

namespace s3load::testing {
namespace {

class ExactlyOnce : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
  }
};

TEST_F(ExactlyOnce, SameEventTwiceLoadsOnce) {
  const std::string event = s3_event({upload("orders.csv", ORDERS_CSV)});
  const auto first = invoke(event);
  ASSERT_EQ(first.exit_code, 0) << first.all();
  EXPECT_EQ(first.json_lines()[0]["status"], "loaded");
  const auto second = invoke(event);
  ASSERT_EQ(second.exit_code, 0) << second.all();
  EXPECT_EQ(second.json_lines()[0]["status"], "duplicate") << second.all();
  EXPECT_EQ(target_rows(), 3);
  EXPECT_EQ(ledger_rows("loaded"), 1);
  EXPECT_EQ(m_db.count("SELECT attempts FROM s3load.ingestions WHERE key = $1", {key("orders.csv")}), 1);
}

TEST_F(ExactlyOnce, SixConcurrentDeliveriesLoadOnce) {
  // Enough rows that the loads overlap in time.
  std::string csv = "order_id,customer,amount\n";
  for (int i = 1; i <= 20000; ++i)
    csv += std::to_string(i) + ",customer " + std::to_string(i) + ",1.25\n";
  const std::string event = s3_event({upload("big.csv", csv)});

  std::vector<RunResult> results(6);
  std::vector<std::thread> deliveries;
  for (auto& result : results)
    deliveries.emplace_back([&] { result = invoke(event); });
  for (auto& delivery : deliveries)
    delivery.join();

  int loaded = 0;
  int duplicate = 0;
  for (const auto& result : results) {
    ASSERT_EQ(result.exit_code, 0) << result.all();
    const std::string status = result.json_lines()[0]["status"];
    loaded += status == "loaded";
    duplicate += status == "duplicate";
  }
  EXPECT_EQ(loaded, 1);
  EXPECT_EQ(duplicate, 5);
  EXPECT_EQ(target_rows(), 20000);
  EXPECT_EQ(ledger_rows("loaded"), 1);
}

TEST_F(ExactlyOnce, ANewVersionOfTheKeyIsLoadedAsWell) {
  const auto first = invoke(s3_event({upload("daily.csv", "order_id,customer\n1,a\n")}));
  ASSERT_EQ(first.exit_code, 0) << first.all();
  auto second_record = upload("daily.csv", "order_id,customer\n2,b\n");
  second_record.sequencer = "0055AED6DCD90281F0";
  const auto second = invoke(s3_event({second_record}));
  ASSERT_EQ(second.exit_code, 0) << second.all();
  EXPECT_EQ(second.json_lines()[0]["status"], "loaded") << second.all();
  EXPECT_EQ(target_rows(), 2);
  EXPECT_EQ(ledger_rows("loaded"), 2);
}

TEST_F(ExactlyOnce, CliIngestOfAnAlreadyLoadedObjectIsADuplicate) {
  const auto record = upload("cli.csv", ORDERS_CSV);
  const auto first = ingest({"s3://" + m_bucket + "/" + key("cli.csv")});
  ASSERT_EQ(first.exit_code, 0) << first.all();
  EXPECT_EQ(first.json_lines()[0]["status"], "loaded");
  EXPECT_EQ(first.json_lines()[0]["version_id"], record.version_id);
  const auto second = invoke(s3_event({record}));
  EXPECT_EQ(second.json_lines()[0]["status"], "duplicate") << second.all();
  EXPECT_EQ(target_rows(), 3);
}

}  // namespace
}  // namespace s3load::testing
