// Input forms a vendor may send (issue: feed contracts, Deliver 6) and `s3load check` on a bad file.
#include <zlib.h>

#include "support/load_test.h"

namespace s3load::testing {
namespace {

std::string gzip(std::string_view text) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, text.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

class InputForms : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table("order_id integer PRIMARY KEY, customer text NOT NULL, amount numeric(10,2)");
  }
  nlohmann::json load(const std::string& name, std::string_view body) {
    const auto run = invoke(s3_event({upload(name, body)}));
    EXPECT_EQ(run.exit_code, 0) << run.all();
    const auto lines = run.json_lines();
    return lines.empty() ? nlohmann::json() : lines.front();
  }
};

TEST_F(InputForms, GzipIsDetectedByItsMagicBytesWhateverTheName) {
  write_config();
  const auto outcome = load("orders.csv", gzip("order_id,customer,amount\n1,Zoë,1.50\n2,Ada,2.50\n"));
  ASSERT_EQ(outcome["status"], "loaded") << outcome;
  EXPECT_EQ(outcome["rows_loaded"], 2);
  EXPECT_EQ(m_db.text("SELECT customer FROM " + m_table + " WHERE order_id = 1"), "Zoë");
}

TEST_F(InputForms, Windows1252IsTranscoded) {
  write_config("encoding = \"windows-1252\"");
  // "Müller – 5€" in windows-1252: ü = FC, en dash = 96, euro = 80.
  const auto outcome =
      load("cp1252.csv", std::string("order_id,customer,amount\n1,M\xFCller \x96 5\x80,1.00\n"));
  ASSERT_EQ(outcome["status"], "loaded") << outcome;
  EXPECT_EQ(m_db.text("SELECT customer FROM " + m_table), "Müller – 5€");
}

TEST_F(InputForms, Latin1IsTranscoded) {
  write_config("encoding = \"latin-1\"");
  const auto outcome = load("latin1.csv", std::string("order_id,customer,amount\n1,Fran\xE7ois,1.00\n"));
  ASSERT_EQ(outcome["status"], "loaded") << outcome;
  EXPECT_EQ(m_db.text("SELECT customer FROM " + m_table), "François");
}

TEST_F(InputForms, Utf8ByteOrderMarkIsAccepted) {
  write_config();
  const auto outcome = load("bom.csv", "\xEF\xBB\xBForder_id,customer,amount\n1,a,1.00\n");
  ASSERT_EQ(outcome["status"], "loaded") << outcome;
}

TEST_F(InputForms, InvalidUtf8IsRejectedWithLineAndColumn) {
  write_config();
  const auto outcome =
      load("bad-utf8.csv", std::string("order_id,customer,amount\n1,ok,1.00\n2,M\xFCller,2.00\n"));
  EXPECT_EQ(outcome["status"], "rejected") << outcome;
  EXPECT_EQ(outcome["line"], 3);
  EXPECT_NE(outcome["error_message"].get<std::string>().find("customer"), std::string::npos) << outcome;
  EXPECT_NE(outcome["error_message"].get<std::string>().find("UTF-8"), std::string::npos) << outcome;
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(InputForms, DelimiterAutoDetectsSemicolonsTabsAndPipes) {
  write_config("delimiter = \"auto\"");
  EXPECT_EQ(load("semi.csv", "order_id;customer;amount\n1;\"a, b\";1.00\n")["status"], "loaded");
  EXPECT_EQ(load("tab.csv", "order_id\tcustomer\tamount\n2\tb\t2.00\n")["status"], "loaded");
  EXPECT_EQ(load("pipe.csv", "order_id|customer|amount\n3|c|3.00\n")["status"], "loaded");
  EXPECT_EQ(m_db.text("SELECT string_agg(customer, '/' ORDER BY order_id) FROM " + m_table), "a, b/b/c");
}

TEST_F(InputForms, CheckPrintsEveryKindOfErrorWithLinesAndColumnsAndLoadsNothing) {
  write_config();
  const std::string path = write_temp_file(m_prefix + "-check.csv",
                                           "order_id,customer,amount\n"
                                           "1,Ada,1.00\n"
                                           "two,Grace,2.00\n"
                                           "3,,3.00\n"
                                           "4,Edsger,12345678901.00\n"
                                           "5,Alan\n");
  const auto run = run_s3load({"check", path, "--feed", m_prefix}, base_env());
  EXPECT_EQ(run.exit_code, 2) << run.all();
  const auto lines = run.json_lines();
  ASSERT_EQ(lines.size(), 1u) << run.all();
  const auto& report = lines[0];
  EXPECT_EQ(report["status"], "invalid");
  EXPECT_EQ(report["rows"], 5);
  EXPECT_EQ(report["rows_valid"], 1);
  EXPECT_EQ(report["rows_rejected"], 4);
  ASSERT_EQ(report["errors"].size(), 4u);
  EXPECT_EQ(report["errors"][0]["line"], 3);
  EXPECT_EQ(report["errors"][0]["column"], "order_id");
  EXPECT_EQ(report["errors"][1]["line"], 4);
  EXPECT_EQ(report["errors"][1]["column"], "customer");
  EXPECT_EQ(report["errors"][2]["line"], 5);
  EXPECT_EQ(report["errors"][2]["column"], "amount");
  EXPECT_EQ(report["errors"][3]["line"], 6);
  EXPECT_EQ(report["errors"][3]["reason"], "expected 3 fields, found 2");
  EXPECT_NE(run.err.find("line 3, column order_id"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("line 4, column customer"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("line 5, column amount"), std::string::npos) << run.err;
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(m_db.count("SELECT count(*) FROM s3load.ingestions WHERE key = $1", {path}), 0);

  const std::string good = write_temp_file(m_prefix + "-good.csv", "order_id,customer,amount\n1,Ada,1.00\n");
  const auto valid = run_s3load({"check", good, "--feed", m_prefix}, base_env());
  EXPECT_EQ(valid.exit_code, 0) << valid.all();
  EXPECT_EQ(valid.json_lines()[0]["status"], "valid");
}

TEST_F(InputForms, CheckOfAnUnknownFeedListsTheFeeds) {
  write_config();
  const auto run = run_s3load({"check", write_temp_file("x.csv", "a\n"), "--feed", "nope"}, base_env());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no feed named \"nope\""), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(m_prefix), std::string::npos) << run.err;
}

}  // namespace
}  // namespace s3load::testing
