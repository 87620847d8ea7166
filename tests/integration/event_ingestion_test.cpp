// The handler against real S3 events: keys as AWS encodes them, every record, every harmless shape.
#include <fstream>
#include <sstream>

#include "support/load_test.h"

namespace s3load::testing {
namespace {

class EventIngestion : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
  }
};

TEST_F(EventIngestion, KeyWithSpacesDeliveredFormEncodedLoads) {
  const auto record = upload("vendor upload Q1.csv", ORDERS_CSV);
  const std::string event = s3_event({record});
  ASSERT_NE(event.find("vendor+upload+Q1.csv"), std::string::npos);  // as AWS delivers it

  const auto run = invoke(event);
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const auto lines = run.json_lines();
  ASSERT_EQ(lines.size(), 2u) << run.all();
  EXPECT_EQ(lines[0]["status"], "loaded");
  EXPECT_EQ(lines[0]["key"], key("vendor upload Q1.csv"));
  EXPECT_EQ(lines[0]["rows_loaded"], 3);
  EXPECT_EQ(lines[1]["loaded"], 1);
  EXPECT_EQ(target_rows(), 3);
  EXPECT_EQ(m_db.text("SELECT customer FROM " + m_table + " WHERE order_id = 2"), "Grace, Admiral");
  EXPECT_EQ(ledger_rows("loaded"), 1);
  EXPECT_EQ(
      m_db.text("SELECT version_id FROM s3load.ingestions WHERE key = $1", {key("vendor upload Q1.csv")}),
      record.version_id);
}

TEST_F(EventIngestion, EveryRecordOfAnEventLoads) {
  const auto a = upload("a.csv", "order_id,customer\n1,a\n");
  const auto b = upload("b.csv", "order_id,customer\n2,b\n3,b\n");
  const auto c = upload("c.csv", "order_id,customer\n4,c\n5,c\n6,c\n");
  const auto run = invoke(s3_event({a, b, c}));
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const auto lines = run.json_lines();
  ASSERT_EQ(lines.size(), 4u);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(lines[static_cast<std::size_t>(i)]["status"], "loaded") << run.all();
  EXPECT_EQ(lines[3]["loaded"], 3);
  EXPECT_EQ(target_rows(), 6);
  EXPECT_EQ(ledger_rows("loaded"), 3);
}

TEST_F(EventIngestion, KeysWithPlusAndNonAsciiLoad) {
  const auto plus = upload("a+b=c:d.csv", "order_id,customer\n1,plus\n");
  const auto unicode = upload("café résumé ✓.csv", "order_id,customer\n2,Zoë\n");
  const std::string event = s3_event({plus, unicode});
  ASSERT_NE(event.find("a%2Bb%3Dc%3Ad.csv"), std::string::npos);
  const auto run = invoke(event);
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const auto lines = run.json_lines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["key"], key("a+b=c:d.csv"));
  EXPECT_EQ(lines[0]["status"], "loaded") << run.all();
  EXPECT_EQ(lines[1]["key"], key("café résumé ✓.csv"));
  EXPECT_EQ(lines[1]["status"], "loaded") << run.all();
  EXPECT_EQ(m_db.text("SELECT customer FROM " + m_table + " WHERE order_id = 2"), "Zoë");
}

TEST_F(EventIngestion, S3TestEventIsANoOp) {
  const auto run = invoke(
      R"({"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-27T10:00:00.000Z",)"
      R"("Bucket":"s3load-test","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"})");
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const auto lines = run.json_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["status"], "ignored");
  EXPECT_NE(lines[0]["detail"].get<std::string>().find("s3:TestEvent"), std::string::npos);
  EXPECT_EQ(lines[1]["ignored"], 1);
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(EventIngestion, ConsoleSampleEventIsRejectedWithoutRetry) {
  std::ifstream file(S3LOAD_FIXTURES_DIR "/events/s3_console_sample.json");
  ASSERT_TRUE(file) << "missing fixture";
  std::stringstream text;
  text << file.rdbuf();
  const auto run = invoke(text.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const auto lines = run.json_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["status"], "rejected");
  EXPECT_EQ(lines[0]["bucket"], "example-bucket");
  EXPECT_EQ(lines[0]["key"], "test/key");
  EXPECT_EQ(lines[0]["error_code"], "no_feed");
  EXPECT_EQ(lines[0]["error_class"], "permanent");
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(EventIngestion, ObjectRemovedIsIgnored) {
  auto record = upload("gone.csv", ORDERS_CSV);
  record.event_name = "ObjectRemoved:Delete";
  const auto run = invoke(s3_event({record}));
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const auto lines = run.json_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["status"], "ignored");
  EXPECT_NE(lines[0]["detail"].get<std::string>().find("ObjectRemoved:Delete"), std::string::npos);
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_rows("loaded") + ledger_rows("rejected") + ledger_rows("failed"), 0);
}

struct MalformedEvent {
  const char* name;
  const char* json;
  const char* message_part;
};

class MalformedEvents : public EventIngestion, public ::testing::WithParamInterface<MalformedEvent> {};

TEST_P(MalformedEvents, ExitZeroWithAClearMessageAndWriteNothing) {
  // The malformed events name bucket "malformed-events" where they name one; no other test uses it.
  const std::string ledger_of_bucket =
      "SELECT count(*) FROM s3load.ingestions WHERE bucket = 'malformed-events'";
  const auto before = m_db.count(ledger_of_bucket);
  const auto run = invoke(GetParam().json);
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const auto lines = run.json_lines();
  ASSERT_EQ(lines.size(), 2u) << run.all();
  EXPECT_EQ(lines[0]["status"], "rejected");
  EXPECT_EQ(lines[0]["error_code"], "bad_event");
  EXPECT_EQ(lines[0]["error_class"], "permanent");
  const std::string message = lines[0]["error_message"];
  EXPECT_NE(message.find(GetParam().message_part), std::string::npos) << message;
  EXPECT_EQ(lines[1]["rejected"], 1);
  EXPECT_NE(run.err.find("bad_event"), std::string::npos) << "the log names the problem: " << run.err;
  EXPECT_EQ(m_db.count(ledger_of_bucket), before);
  EXPECT_EQ(target_rows(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, MalformedEvents,
    ::testing::Values(
        MalformedEvent{"truncated", R"({"Records":[{"eventSource":"aws:s3")", "malformed JSON"},
        MalformedEvent{"not_an_object", R"([1,2,3])", "expected a JSON object, got array"},
        MalformedEvent{"empty_object", R"({})", "not an S3, SQS, SNS or EventBridge event"},
        MalformedEvent{
            "missing_key",
            R"({"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"malformed-events"},"object":{"size":1}}}]})",
            "Records[0].s3.object.key"},
        MalformedEvent{
            "key_not_a_string",
            R"({"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"malformed-events"},"object":{"key":42}}}]})",
            "Records[0].s3.object.key"},
        MalformedEvent{
            "bad_escape",
            R"({"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"malformed-events"},"object":{"key":"a%ZZ.csv"}}}]})",
            "a%ZZ.csv"},
        MalformedEvent{
            "event_version_3",
            R"({"Records":[{"eventVersion":"3.0","eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"malformed-events"},"object":{"key":"k"}}}]})",
            "3.0"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace s3load::testing
