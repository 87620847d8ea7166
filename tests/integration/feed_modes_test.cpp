// Feed modes (append, upsert, replace) and on_error (reject_file, skip_rows) against real PostgreSQL
// and Ceph RGW: exact ledger status, rejected_rows content, and no partial rows after a rejection.
#include "support/load_test.h"

namespace s3load::testing {
namespace {

class FeedModes : public LoadTest {
 protected:
  std::int64_t rejected_rows_of(const std::string& name) {
    return m_db.count(
        "SELECT count(*) FROM s3load.rejected_rows r JOIN s3load.ingestions i ON i.id = r.ingestion_id WHERE "
        "i.key = $1",
        {key(name)});
  }
  pg::QueryResult rejected_rows(const std::string& name) {
    return m_db.exec(
        "SELECT r.line_number, r.column_name, r.reason, r.raw_line FROM s3load.rejected_rows r "
        "JOIN s3load.ingestions i ON i.id = r.ingestion_id WHERE i.key = $1 ORDER BY r.line_number",
        {key(name)});
  }
  nlohmann::json load(const std::string& name, std::string_view body) {
    const auto run = invoke(s3_event({upload(name, body)}));
    EXPECT_EQ(run.exit_code, 0) << run.all();
    const auto lines = run.json_lines();
    return lines.empty() ? nlohmann::json() : lines.front();
  }
};

TEST_F(FeedModes, UpsertUpdatesChangedRowsAndLeavesUnchangedRowsUntouched) {
  create_table("order_id integer PRIMARY KEY, customer text NOT NULL, amount numeric(10,2)");
  write_config("mode = \"upsert\"\nkey = [\"order_id\"]");
  auto first = load("orders.csv", "order_id,customer,amount\n1,Ada,10.00\n2,Grace,20.00\n3,Edsger,30.00\n");
  ASSERT_EQ(first["status"], "loaded") << first;
  // Every key new: loaded straight into the table, no merge needed.
  EXPECT_EQ(first["detail"], "upsert: 3 inserted or updated, 0 unchanged");
  const auto before =
      m_db.exec("SELECT order_id, xmin::text, ctid::text FROM " + m_table + " ORDER BY order_id");

  auto second = load("orders.csv", "order_id,customer,amount\n1,Ada,10.00\n2,Grace,25.00\n4,Barbara,40.00\n");
  ASSERT_EQ(second["status"], "loaded") << second;
  EXPECT_EQ(second["detail"], "upsert: 2 inserted or updated, 1 unchanged");
  EXPECT_EQ(target_rows(), 4);
  EXPECT_EQ(m_db.text("SELECT amount::text FROM " + m_table + " WHERE order_id = 2"), "25.00");
  EXPECT_EQ(m_db.text("SELECT amount::text FROM " + m_table + " WHERE order_id = 3"), "30.00");
  // Row 1 was identical: same tuple (no new version, no dead tuple). Row 2 changed: a new tuple.
  const auto after =
      m_db.exec("SELECT order_id, xmin::text, ctid::text FROM " + m_table + " ORDER BY order_id");
  EXPECT_EQ(after.text(0, 1), before.text(0, 1));
  EXPECT_EQ(after.text(0, 2), before.text(0, 2));
  EXPECT_NE(after.text(1, 1), before.text(1, 1));
}

TEST_F(FeedModes, UpsertWithTheSameKeyTwiceInOneFileIsRejected) {
  create_table("order_id integer PRIMARY KEY, customer text NOT NULL");
  write_config("mode = \"upsert\"\nkey = [\"order_id\"]");
  const auto outcome = load("dup.csv", "order_id,customer\n1,a\n2,b\n1,c\n");
  EXPECT_EQ(outcome["status"], "rejected");
  EXPECT_EQ(outcome["error_code"], "duplicate_key");
  EXPECT_NE(outcome["error_message"].get<std::string>().find("order_id=1 (2 times)"), std::string::npos)
      << outcome;
  EXPECT_EQ(target_rows(), 0);
  // The same row twice is as ambiguous for the vendor, and refused the same way.
  const auto same = load("dup-same.csv", "order_id,customer\n7,a\n7,a\n8,b\n");
  EXPECT_EQ(same["status"], "rejected") << same;
  EXPECT_EQ(same["error_code"], "duplicate_key") << same;
  EXPECT_NE(same["error_message"].get<std::string>().find("order_id=7 (2 times)"), std::string::npos) << same;
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(FeedModes, UpsertKeyMustBeAUniqueKeyOfTheTable) {
  create_table("order_id integer, customer text");
  write_config("mode = \"upsert\"\nkey = [\"order_id\"]");
  const auto outcome = load("nokey.csv", "order_id,customer\n1,a\n");
  EXPECT_EQ(outcome["status"], "rejected");
  EXPECT_EQ(outcome["error_code"], "bad_upsert_key");
  EXPECT_NE(outcome["error_message"].get<std::string>().find("CREATE UNIQUE INDEX"), std::string::npos)
      << outcome;
}

TEST_F(FeedModes, ReplaceVersionTwoFullyReplacesVersionOnesRows) {
  create_table("order_id integer, customer text, s3load_ingestion_id bigint");
  write_config("mode = \"replace\"");
  ASSERT_EQ(load("daily.csv", "order_id,customer\n1,a\n2,b\n3,c\n")["status"], "loaded");
  ASSERT_EQ(load("other.csv", "order_id,customer\n9,z\n")["status"], "loaded");
  const auto second = load("daily.csv", "order_id,customer\n2,B\n4,d\n");
  ASSERT_EQ(second["status"], "loaded") << second;
  EXPECT_EQ(second["detail"], "replace: 3 rows of earlier versions deleted");
  EXPECT_EQ(m_db.text("SELECT string_agg(order_id || customer, ',' ORDER BY order_id) FROM " + m_table),
            "2B,4d,9z");
  EXPECT_EQ(m_db.count("SELECT count(DISTINCT s3load_ingestion_id) FROM " + m_table), 2);
  EXPECT_EQ(m_db.count("SELECT count(*) FROM " + m_table +
                           " t JOIN s3load.ingestions i ON i.id = t.s3load_ingestion_id "
                           "WHERE i.key = $1 AND i.version_id = $2",
                       {key("daily.csv"), second["version_id"].get<std::string>()}),
            2);
}

TEST_F(FeedModes, ReplaceNeedsTheIngestionIdColumn) {
  create_table("order_id integer, customer text");
  write_config("mode = \"replace\"");
  const auto outcome = load("x.csv", "order_id,customer\n1,a\n");
  EXPECT_EQ(outcome["status"], "rejected");
  EXPECT_EQ(outcome["error_code"], "bad_replace_table");
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(FeedModes, SkipRowsLoadsTheRestAndRecordsEachBadRow) {
  create_table("order_id integer PRIMARY KEY, customer text NOT NULL, amount numeric(10,2)");
  write_config("on_error = \"skip_rows\"\nmax_rejected_rows = 5");
  const auto outcome = load("skip.csv",
                            "order_id,customer,amount\n"
                            "1,Ada,10.00\n"
                            "2,Grace,ten\n"
                            "3,Edsger,30.00\n"
                            "4,Barbara\n"
                            "5,Alan,50.00\n");
  ASSERT_EQ(outcome["status"], "loaded") << outcome;
  EXPECT_EQ(outcome["rows_loaded"], 3);
  EXPECT_EQ(outcome["rows_rejected"], 2);
  EXPECT_EQ(target_rows(), 3);
  const auto rows = rejected_rows("skip.csv");
  ASSERT_EQ(rows.rows(), 2);
  EXPECT_EQ(rows.integer(0, 0), 3);
  EXPECT_EQ(rows.text(0, 1), "amount");
  EXPECT_EQ(rows.text(0, 3), "2,Grace,ten");
  EXPECT_EQ(rows.integer(1, 0), 5);
  EXPECT_EQ(rows.text(1, 2), "expected 3 fields, found 2");
  EXPECT_EQ(
      m_db.text(
          "SELECT status || '/' || rows_loaded || '/' || rows_rejected FROM s3load.ingestions WHERE key = $1",
          {key("skip.csv")}),
      "loaded/3/2");
}

TEST_F(FeedModes, SkipRowsAboveTheLimitRejectsTheFileAndLeavesNoRows) {
  create_table("order_id integer, customer text");
  write_config("on_error = \"skip_rows\"\nmax_rejected_rows = 1");
  const auto outcome = load("many.csv", "order_id,customer\nx,a\n2,b\ny,c\n4,d\n");
  EXPECT_EQ(outcome["status"], "rejected");
  EXPECT_EQ(outcome["error_code"], "too_many_rejected_rows");
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(rejected_rows_of("many.csv"), 2);
}

TEST_F(FeedModes, SkipRowsRatioLimit) {
  create_table("order_id integer, customer text");
  write_config("on_error = \"skip_rows\"\nmax_rejected_ratio = 0.25");
  EXPECT_EQ(load("ok.csv", "order_id,customer\nx,a\n2,b\n3,c\n4,d\n")["status"], "loaded");
  const auto outcome = load("bad.csv", "order_id,customer\nx,a\ny,b\n3,c\n4,d\n");
  EXPECT_EQ(outcome["status"], "rejected");
  EXPECT_EQ(outcome["error_code"], "too_many_rejected_rows");
  EXPECT_EQ(target_rows(), 3);  // only ok.csv's rows
}

TEST_F(FeedModes, ServerSideViolationsAreMappedBackToTheirLines) {
  const std::string parents = "public." + unique_name("customers");
  m_db.exec("CREATE TABLE " + parents + " (id integer PRIMARY KEY)");
  m_db.exec("INSERT INTO " + parents + " VALUES (1), (2)");
  create_table("order_id integer PRIMARY KEY, customer_id integer REFERENCES " + parents +
               ", amount integer CHECK (amount >= 0)");
  write_config();
  // A foreign key is checked at the end of COPY, without a line: s3load finds the line itself.
  auto outcome = load("fk.csv", "order_id,customer_id,amount\n1,1,5\n2,2,6\n3,7,7\n4,1,8\n");
  EXPECT_EQ(outcome["status"], "rejected") << outcome;
  EXPECT_EQ(outcome["error_code"], "bad_rows");
  EXPECT_EQ(outcome["line"], 4);
  EXPECT_NE(outcome["error_message"].get<std::string>().find("foreign key"), std::string::npos) << outcome;
  // Unique and CHECK violations.
  outcome = load("unique.csv", "order_id,customer_id,amount\n1,1,5\n1,2,6\n");
  EXPECT_EQ(outcome["status"], "rejected");
  EXPECT_EQ(outcome["error_code"], "unique_violation");
  EXPECT_EQ(outcome["line"], 3);
  outcome = load("check.csv", "order_id,customer_id,amount\n1,1,5\n2,2,-6\n");
  EXPECT_EQ(outcome["status"], "rejected");
  EXPECT_EQ(outcome["line"], 3);
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(FeedModes, SkipRowsIsolatesRowsTheServerRefuses) {
  const std::string parents = "public." + unique_name("customers");
  m_db.exec("CREATE TABLE " + parents + " (id integer PRIMARY KEY)");
  m_db.exec("INSERT INTO " + parents + " SELECT generate_series(1, 100)");
  create_table("order_id integer PRIMARY KEY, customer_id integer REFERENCES " + parents +
               ", amount integer");
  write_config("on_error = \"skip_rows\"\nmax_rejected_rows = 10");
  std::string csv = "order_id,customer_id,amount\n";
  for (int i = 1; i <= 12000; ++i) {
    const int customer = (i == 17 || i == 6001 || i == 11999) ? 500 : 1 + i % 100;  // three orphans
    csv += std::to_string(i) + "," + std::to_string(customer) + "," + std::to_string(i) + "\n";
  }
  csv += "5,1,1\n";  // a duplicate primary key at line 12002
  const auto outcome = load("isolate.csv", csv);
  ASSERT_EQ(outcome["status"], "loaded") << outcome;
  EXPECT_EQ(outcome["rows_loaded"], 11997);
  EXPECT_EQ(outcome["rows_rejected"], 4);
  EXPECT_EQ(target_rows(), 11997);
  const auto rows = rejected_rows("isolate.csv");
  ASSERT_EQ(rows.rows(), 4);
  EXPECT_EQ(rows.integer(0, 0), 18);
  EXPECT_EQ(rows.integer(1, 0), 6002);
  EXPECT_EQ(rows.integer(2, 0), 12000);
  EXPECT_EQ(rows.integer(3, 0), 12002);
  EXPECT_NE(std::string(rows.text(0, 2)).find("foreign key"), std::string::npos) << rows.text(0, 2);
  EXPECT_EQ(rows.text(0, 3), "17,500,17");
  EXPECT_NE(std::string(rows.text(3, 2)).find("duplicate key"), std::string::npos) << rows.text(3, 2);
}

TEST_F(FeedModes, HeaderProblemsRejectTheFileNamingTheColumns) {
  create_table("order_id integer NOT NULL, customer text NOT NULL, note text");
  write_config();
  auto outcome = load("missing.csv", "order_id,note\n1,x\n");
  EXPECT_EQ(outcome["status"], "rejected");
  EXPECT_EQ(outcome["error_code"], "header_mismatch");
  EXPECT_NE(outcome["error_message"].get<std::string>().find("missing required column \"customer\""),
            std::string::npos)
      << outcome;
  outcome = load("extra.csv", "order_id,customer,colour\n1,x,red\n");
  EXPECT_EQ(outcome["status"], "rejected");
  EXPECT_NE(outcome["error_message"].get<std::string>().find("unexpected column \"colour\""),
            std::string::npos);
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(FeedModes, ExtraColumnsIgnoredWhenConfigured) {
  create_table("order_id integer NOT NULL, customer text NOT NULL");
  write_config("extra_columns = \"ignore\"");
  const auto outcome = load("extra.csv", "Order ID,colour,Customer\n1,red,x\n");
  EXPECT_EQ(outcome["status"], "loaded") << outcome;
  EXPECT_EQ(m_db.text("SELECT customer FROM " + m_table), "x");
}

TEST_F(FeedModes, RejectedFileNamesEachRowProblem) {
  create_table(ORDERS_COLUMNS);
  write_config();
  const auto outcome = load("three.csv",
                            "order_id,customer,amount,ordered_at\n"
                            "1,Ada,1.00,2026-01-01\n"
                            "x,Grace,2.00,2026-01-02\n"
                            "3,Edsger,3.00,2026-02-30\n"
                            "4,,4.00,2026-01-04\n");
  EXPECT_EQ(outcome["status"], "rejected");
  EXPECT_EQ(outcome["line"], 3);
  EXPECT_EQ(target_rows(), 0);
  const auto rows = rejected_rows("three.csv");
  ASSERT_EQ(rows.rows(), 3) << "every bad row is reported, not only the first";
  EXPECT_EQ(rows.text(0, 1), "order_id");
  EXPECT_EQ(rows.text(1, 1), "ordered_at");
  EXPECT_EQ(rows.text(2, 1), "customer");
}

// Names from the config and the catalog are identifiers, quoted every time; they never become SQL text.
TEST_F(FeedModes, NamesThatLookLikeSqlAreQuotedIdentifiersInEveryStatement) {
  const std::string table = "Orders; DROP TABLE x " + m_prefix;  // mixed case, a space, a semicolon
  const std::string quoted_table = "public.\"" + table + "\"";
  m_db.exec("CREATE TABLE " + quoted_table +
            " (\"Order ID\" integer PRIMARY KEY, \"select\" text, \"a\"\"b\" text NOT NULL)");
  write_temp_file(m_prefix + ".toml", "[[feed]]\nname = \"" + m_prefix + "\"\nmatch = \"" + m_prefix +
                                          "/**\"\ntable = \"public." + table +
                                          "\"\nmode = \"upsert\"\nkey = [\"Order ID\"]\n");
  EXPECT_EQ(load("names.csv", "Order ID,select,\"a\"\"b\"\n1,x,y\n2,z,w\n")["status"], "loaded");
  EXPECT_EQ(load("names2.csv", "Order ID,select,\"a\"\"b\"\n2,u,v\n")["status"], "loaded");
  EXPECT_EQ(m_db.text("SELECT string_agg(\"select\" || \"a\"\"b\", ',' ORDER BY \"Order ID\") FROM " +
                      quoted_table),
            "xy,uv");
  m_db.exec("DROP TABLE " + quoted_table);
}

}  // namespace
}  // namespace s3load::testing
