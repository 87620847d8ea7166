// s3load schema against a real table, and --help of every operator command.
#include "support/load_test.h"

namespace s3load::testing {
namespace {

class OpsSchema : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(
        "order_id bigint PRIMARY KEY, customer varchar(40) NOT NULL, amount numeric(12,2), paid boolean, "
        "ordered_on date NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), ref uuid, extra jsonb, "
        "total numeric GENERATED ALWAYS AS (amount * 2) STORED");
    write_config(
        "delimiter = \";\"\nnull = [\"\", \"NULL\"]\n"
        "[feed.columns]\n\"Order ID\" = \"order_id\"\n"
        "[feed.date_formats]\nordered_on = \"%d/%m/%Y\"\n");
  }

  RunResult schema(std::vector<std::string> args) {
    args.insert(args.begin(), "schema");
    return run_s3load(args, base_env());
  }
};

TEST_F(OpsSchema, TextContractFromTheTableAndTheFeed) {
  const auto result = schema({"--feed", m_prefix});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(
      result.out,
      "Feed \"" + m_prefix + "\": files matching " + m_prefix + "/** load into " + m_table +
          ".\n"
          "\n"
          "File\n"
          "  format         CSV (RFC 4180), plain or gzip-compressed\n"
          "  delimiter      \";\" (semicolon)\n"
          "  quote          '\"' (double quote); fields containing the delimiter, the quote or a line break "
          "are "
          "quoted, and a quote inside a quoted field is doubled\n"
          "  encoding       UTF-8 (a byte order mark is accepted)\n"
          "  header         the first line names the columns, in any order; names match ignoring case, "
          "spaces, '-' "
          "and '_'; optional columns may be left out\n"
          "  other columns  a column not listed below rejects the file\n"
          "  NULL           an empty field or \"NULL\", unquoted, means NULL (no value); a quoted value is "
          "never "
          "NULL\n"
          "  loading        rows are added to the table\n"
          "  bad rows       any bad row rejects the whole file (nothing is loaded)\n"
          "\n"
          "Columns\n"
          "  header      column      type                      required            accepted values\n"
          "  Order ID    order_id    bigint                    yes                 whole number from "
          "-9223372036854775808 to 9223372036854775807\n"
          "  customer    customer    character varying(40)     yes                 UTF-8 text of at most 40 "
          "characters\n"
          "  amount      amount      numeric(12,2)             no                  decimal number with '.' "
          "as the "
          "decimal point, e.g. 1234.56, -0.5, 1.5e3; no thousands separators; at most 10 digits before the "
          "point, "
          "rounded to 2 decimals\n"
          "  paid        paid        boolean                   no                  true/false, yes/no, "
          "on/off, t/f, "
          "y/n or 1/0, any case\n"
          "  ordered_on  ordered_on  date                      yes                 as %d/%m/%Y (the feed's "
          "date_formats; strftime-style)\n"
          "  created_at  created_at  timestamp with time zone  no (has a default)  YYYY-MM-DD "
          "hh:mm[:ss[.ffffff]] "
          "with 'T' or a space before the time and an optional offset (Z, +01, +0100, +01:00); without an "
          "offset "
          "the time is UTC, e.g. 2026-11-27T14:05:00Z\n"
          "  ref         ref         uuid                      no                  32 hexadecimal digits, "
          "usually "
          "8-4-4-4-12 with hyphens, e.g. a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n"
          "  extra       extra       jsonb                     no                  a JSON value; in CSV, "
          "quote the "
          "field and double the quotes inside it\n");
}

TEST_F(OpsSchema, MarkdownContract) {
  const auto result = schema({"--feed", m_prefix, "--format", "markdown"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  EXPECT_EQ(result.out.rfind("# Feed `" + m_prefix + "`\n\nFiles matching `" + m_prefix + "/**` load into `" +
                                 m_table +
                                 "`.\n\n## File\n\n- **format**: CSV (RFC 4180), plain or gzip-compressed\n",
                             0),
            0u)
      << result.out;
  EXPECT_NE(
      result.out.find("## Columns\n\n| header | column | type | required | accepted values |\n"
                      "|---|---|---|---|---|\n"
                      "| `Order ID` | `order_id` | bigint | yes | whole number from -9223372036854775808 to "
                      "9223372036854775807 |\n"),
      std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("`total`"), std::string::npos) << "generated columns are never in a file";
}

TEST_F(OpsSchema, ErrorsNameTheFeedsAndTheTable) {
  const auto unknown = schema({"--feed", "acme"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, "s3load: no feed named \"acme\" in " + m_config_path + "; configured feeds:\n  " +
                             m_prefix + " (match \"" + m_prefix + "/**\", table " + m_table + ")\n");

  const auto format = schema({"--feed", m_prefix, "--format", "html"});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_EQ(format.err, "s3load: --format \"html\" is not known; use text or markdown\n");

  m_db.exec("DROP TABLE " + m_table);
  const auto missing = schema({"--feed", m_prefix});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "s3load: target table " + m_table +
                             " does not exist (create it, or fix \"table\" in the feed)\n");
}

TEST(OpsHelp, EveryOperatorCommandHasHelpWithExamples) {
  for (const char* command : {"status", "replay", "backfill", "schema", "ingest", "invoke"}) {
    const auto result = run_s3load({command, "--help"});
    EXPECT_EQ(result.exit_code, 0) << command << result.all();
    EXPECT_NE(result.out.find("Examples:\n  s3load " + std::string(command) + " "), std::string::npos)
        << command << "\n"
        << result.out;
    EXPECT_NE(result.out.find("Exit cod"), std::string::npos) << command << "\n" << result.out;
  }
  const auto top = run_s3load({"--help"});
  for (const char* command : {"status", "replay", "backfill", "schema"})
    EXPECT_NE(top.out.find("\n  " + std::string(command) + " "), std::string::npos) << command << top.out;
}

}  // namespace
}  // namespace s3load::testing
