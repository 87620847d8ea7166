// PostgreSQL is the oracle (DESIGN §4 "Validation before COPY"): a generated corpus of valid CSV files full
// of edge values is loaded by s3load into one table and by PostgreSQL's own `COPY … (FORMAT csv)` into an
// identical one; the two must hold exactly the same rows. And every value s3load refuses, PostgreSQL
// refuses too — except the documented forms that s3load does not read (docs/formats.md).
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "convert/column_converter.h"
#include "pg/table_info.h"
#include "support/differential_corpus.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

// S3LOAD_TEST_SEED replays a run; otherwise the seed comes from the clock and is printed.
std::uint64_t corpus_seed() {
  if (const char* seed = std::getenv("S3LOAD_TEST_SEED")) return std::strtoull(seed, nullptr, 10);
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
}

class Differential : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    m_oracle_table = m_table + "_pg";
    m_seed = corpus_seed();
    std::cout << "differential corpus seed: " << m_seed << " (replay with S3LOAD_TEST_SEED=" << m_seed
              << ")\n";
    m_random.seed(m_seed);
  }

  // Loads `files` generated for `columns` both ways and compares the tables.
  void load_and_compare(const std::vector<CorpusColumn>& columns, std::size_t files,
                        std::size_t rows_per_file) {
    const std::string definitions = column_definitions(columns);
    create_table(definitions);
    m_db.exec("CREATE TABLE " + m_oracle_table + " (" + definitions + ")");
    write_config();
    // Run s3load in a time zone other than UTC: the loader must set the session to UTC itself.
    const std::map<std::string, std::string> env{{"PGTZ", "America/St_Johns"}};
    for (std::size_t file = 0; file < files; ++file) {
      const std::string csv = generate_csv(columns, rows_per_file, m_random);
      const std::string path = write_temp_file(m_prefix + "_" + std::to_string(file) + ".csv", csv);
      const auto run = ingest({path, "--feed", m_prefix}, env);
      ASSERT_EQ(run.exit_code, 0) << "seed " << m_seed << ", file " << file << "\n" << run.all();
      ASSERT_EQ(run.json_lines().at(0)["status"], "loaded") << run.all();
      oracle_copy(csv);
    }
    const auto expected = static_cast<std::int64_t>(files * rows_per_file);
    EXPECT_EQ(target_rows(), expected);
    EXPECT_EQ(m_db.count("SELECT count(*) FROM " + m_oracle_table), expected);
    expect_same_rows(columns);
  }

  void oracle_copy(const std::string& csv) {
    auto& connection = m_db.connection();
    connection.exec("SET TIME ZONE 'UTC'");
    connection.copy_begin("COPY " + m_oracle_table + " FROM STDIN (FORMAT csv, HEADER true)");
    connection.copy_put(csv);
    connection.copy_end();
  }

  void expect_same_rows(const std::vector<CorpusColumn>& columns) {
    // Typed comparison (json has no equality operator: compared as text) …
    std::string select = "id";
    for (const auto& column : columns)
      select += ", " + column.name + (column.sql_type == "json" ? "::text" : "");
    expect_empty_difference("SELECT " + select + " FROM " + m_table,
                            "SELECT " + select + " FROM " + m_oracle_table, "typed");
    // … and each row's text, which also tells 1.5 from 1.50 and 0 from -0.
    expect_empty_difference("SELECT t::text FROM " + m_table + " t",
                            "SELECT t::text FROM " + m_oracle_table + " t", "as text");
  }

  void expect_empty_difference(const std::string& ours, const std::string& theirs, const std::string& how) {
    m_db.exec("SET TIME ZONE 'UTC'");
    for (const auto& [left, right, label] : {std::tuple{ours, theirs, "only in the s3load table"},
                                             std::tuple{theirs, ours, "only in the COPY table"}}) {
      const auto rows =
          m_db.exec("SELECT x::text FROM ((" + left + ") EXCEPT ALL (" + right + ")) x ORDER BY 1 LIMIT 20");
      std::string shown;
      for (int row = 0; row < rows.rows(); ++row)
        shown += "  " + std::string(rows.text(row, 0)) + "\n";
      EXPECT_EQ(rows.rows(), 0) << how << ", rows " << label << " (seed " << m_seed << "):\n" << shown;
    }
  }

  std::string m_oracle_table;
  std::uint64_t m_seed = 0;
  Random m_random;
};

TEST_F(Differential, BinaryCopyStoresWhatPostgresCsvCopyStores) {
  load_and_compare(binary_corpus_columns(), 4, 1500);
}

TEST_F(Differential, TextCopyFallbackStoresWhatPostgresCsvCopyStores) {
  load_and_compare(text_corpus_columns(), 2, 1000);
}

// --- every refusal is PostgreSQL's too ---

struct Probe {
  const char* type;
  std::string value;
};

std::string csv_quoted(const std::string& value) {
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

class Refusals : public LoadTest {
 protected:
  // The converter's verdict on `value` for a column of `type`, with the column read from the catalog.
  convert::Problem converter_verdict(const std::string& table, const std::string& value) {
    const TableInfo info = pg::read_table_info(m_db.connection(), "public", table);
    auto converter = convert::ColumnConverter::for_column(info.columns.at(0), nullptr);
    EXPECT_TRUE(converter) << table;
    if (!converter) return "no converter";
    std::string out;
    return converter->to_binary(value, out);
  }

  // Whether PostgreSQL's CSV COPY takes the (quoted) value into a column of `type`.
  bool postgres_accepts(const std::string& table, const std::string& value) {
    auto& connection = m_db.connection();
    connection.copy_begin("COPY public." + table + " FROM STDIN (FORMAT csv)");
    connection.copy_put(csv_quoted(value) + "\n");
    try {
      connection.copy_end();
      return true;
    } catch (const pg::DatabaseError&) {
      return false;
    }
  }

  std::string probe_table(const char* type, std::size_t index) {
    const std::string table = unique_name("p") + "_" + std::to_string(index);
    m_db.exec("CREATE TABLE public." + table + " (v " + type + ")");
    m_tables.push_back(table);
    return table;
  }

  void TearDown() override {
    for (const auto& table : m_tables)
      m_db.exec("DROP TABLE IF EXISTS public." + table);
  }

  std::vector<std::string> m_tables;
};

TEST_F(Refusals, EveryValueS3loadRefusesPostgresRefusesToo) {
  const std::vector<Probe> probes = {{"smallint", "32768"},
                                     {"smallint", "-32769"},
                                     {"integer", "12a"},
                                     {"integer", ""},
                                     {"integer", "1_000"},
                                     {"integer", "0x10"},
                                     {"integer", "12.0"},
                                     {"integer", "2147483648"},
                                     {"integer", "-2147483649"},
                                     {"integer", "N/A"},
                                     {"integer", "+-1"},
                                     {"bigint", "9223372036854775808"},
                                     {"numeric", "-NaN"},
                                     {"numeric", "Infinityx"},
                                     {"numeric", "."},
                                     {"numeric", "1e"},
                                     {"numeric", "1e+"},
                                     {"numeric", "- 5"},
                                     {"numeric", "1_0"},
                                     {"numeric", "1,5"},
                                     {"numeric", "1e131072"},
                                     {"numeric", "1e-16384"},
                                     {"numeric", "0e-16384"},
                                     {"numeric", "0e2000000000"},
                                     {"numeric(5,2)", "1234.567"},
                                     {"numeric(5,2)", "999.995"},
                                     {"numeric(5,2)", "-999.995"},
                                     {"numeric(5,2)", "inf"},
                                     {"numeric(5,2)", "1e-1073741823"},
                                     {"numeric(3,5)", "0.01"},
                                     {"numeric(3,5)", "0.009999996"},
                                     {"numeric(2,-3)", "99500"},
                                     {"numeric(1,0)", "9.5"},
                                     {"double precision", "1e309"},
                                     {"double precision", "1e-400"},
                                     {"double precision", "2.4e-324"},
                                     {"double precision", "infinit"},
                                     {"double precision", "1e"},
                                     {"double precision", "0x"},
                                     {"double precision", "0x.p1"},
                                     {"double precision", "+-1"},
                                     {"double precision", "1.7976931348623159e308"},
                                     {"real", "3.4028236e38"},
                                     {"real", "1e-46"},
                                     {"real", "7e-46"},
                                     {"real", "0x1p-150"},
                                     {"boolean", "o"},
                                     {"boolean", "truex"},
                                     {"boolean", "01"},
                                     {"boolean", ""},
                                     {"boolean", "yess"},
                                     {"text", std::string("a\0b", 3)},
                                     {"text", "caf\xe9"},
                                     {"text", "\xed\xa0\x80"},
                                     {"text", "\xc0\xaf"},
                                     {"varchar(3)", "abcd"},
                                     {"varchar(3)", "abc\t"},
                                     {"varchar(3)", "éééé"},
                                     {"char(3)", "abcd"},
                                     {"uuid", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
                                     {"uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-"},
                                     {"uuid", "{a0eebc999c0b4ef8bb6d6bb9bd380a11"},
                                     {"uuid", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11"},
                                     {"date", "2023-02-29"},
                                     {"date", "2026-02-30"},
                                     {"date", "0000-01-01"},
                                     {"date", "4714-11-23 BC"},
                                     {"date", "5874898-01-01"},
                                     {"date", "+infinity"},
                                     {"date", "2024-13-01"},
                                     {"date", "2024-01-32"},
                                     {"date", "2024-01-01-02"},
                                     {"date", "2024-01-01 25:00"},
                                     {"date", "2024-01-01 10:00+16"},
                                     {"date", "24-01-02"},
                                     {"date", "2024-001-01"},
                                     {"date", "2024-1-1x"},
                                     {"timestamp", "2024-01-01 24:00:01"},
                                     {"timestamp", "2024-01-01 23:59:60.5"},
                                     {"timestamp", "2024-01-01 23:60:00"},
                                     {"timestamp", "2024-01-01 10"},
                                     {"timestamp", "2024-01-01T10"},
                                     {"timestamp", "294277-01-01 00:00:00"},
                                     {"timestamp", "4714-11-23 23:59:59 BC"},
                                     {"timestamp", "2024-01-01 10:00:00+16"},
                                     {"timestamp", "+infinity"},
                                     {"timestamp", "2024-01-01 100:00:00"},
                                     {"timestamptz", "2024-01-01 10:00:00+"},
                                     {"timestamptz", "2024-01-01 10:00:00+02:00Z"},
                                     {"timestamptz", "2024-01-01 10:00:00+12345"},
                                     {"timestamptz", "2024-01-01 10:00:00+02:60"},
                                     {"timestamptz", "294276-12-31 23:59:59-01"},
                                     {"timestamptz", "4714-11-24 00:00:00+01 BC"},
                                     {"timestamptz", "2024-01-01 10:00:00+02.5"},
                                     {"json", "01"},
                                     {"json", "1."},
                                     {"json", ".5"},
                                     {"json", "+1"},
                                     {"json", "NaN"},
                                     {"json", "TRUE"},
                                     {"json", ""},
                                     {"json", "[1,]"},
                                     {"json", "{\"a\":1,}"},
                                     {"json", "[1] x"},
                                     {"json", "{1:2}"},
                                     {"json", "\"a\tb\""},
                                     {"json", "\"\\x\""},
                                     {"json", "\"\\u00\""},
                                     {"json", "1x"},
                                     {"json", "truex"},
                                     {"json", "\f1"},
                                     {"jsonb", "\"\\u0000\""},
                                     {"jsonb", "\"\\ud800\""},
                                     {"jsonb", "\"\\udc00\""},
                                     {"jsonb", "\"\\ud800\\u0041\""},
                                     {"jsonb", "1e1000000"},
                                     {"jsonb", "-1e-16384"}};
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const auto& probe = probes[i];
    const std::string table = probe_table(probe.type, i);
    EXPECT_TRUE(converter_verdict(table, probe.value)) << probe.type << " " << csv_quoted(probe.value);
    EXPECT_FALSE(postgres_accepts(table, probe.value)) << probe.type << " " << csv_quoted(probe.value);
  }
}

// docs/formats.md lists these: PostgreSQL reads them, s3load refuses them (use date_formats, or fix the
// data).
TEST_F(Refusals, DocumentedFormsThatOnlyPostgresReads) {
  const std::vector<Probe> probes = {{"date", "Jan 8 2024"},
                                     {"date", "20240108"},
                                     {"date", "2024/01/08"},
                                     {"date", "1-01-08"},
                                     {"date", "2024-01-08 BC 10:00"},
                                     {"timestamp", "2024-01-08 10:00:00 UTC"},
                                     {"timestamptz", "2024-01-08 10:00:00 Europe/Paris"},
                                     {"timestamptz", "2024-01-08 10:00:00 PST"},
                                     {"timestamp", "2024-01-08 10::00"},
                                     {"timestamp", "2024-01-08 010:00"},
                                     {"timestamp", "2024-01-08T 10:00"},
                                     {"timestamp", "20240108T100000"}};
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const auto& probe = probes[i];
    const std::string table = probe_table(probe.type, i);
    EXPECT_TRUE(converter_verdict(table, probe.value)) << probe.type << " " << probe.value;
    EXPECT_TRUE(postgres_accepts(table, probe.value)) << probe.type << " " << probe.value;
  }
}

}  // namespace
}  // namespace s3load::testing
