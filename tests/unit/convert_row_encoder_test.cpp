// The row encoders (src/pipeline/*_row_encoder.cpp) over the converters: NULL rules, NOT NULL, the
// binary COPY framing, and the text COPY fallback.
#include <gtest/gtest.h>

#include <vector>

#include "convert_test_support.h"
#include "pipeline/row_encoder.h"

namespace s3load {
namespace {

using convert::testing::hex;

ColumnInfo column(std::string name, std::string type_name, std::uint32_t oid, std::int32_t typmod = -1,
                  bool not_null = false) {
  ColumnInfo info;
  info.name = std::move(name);
  info.type_name = std::move(type_name);
  info.type_oid = oid;
  info.typmod = typmod;
  info.not_null = not_null;
  return info;
}

class RowEncoderTest : public ::testing::Test {
 protected:
  void use(std::vector<ColumnInfo> columns) {
    m_table.schema = "public";
    m_table.name = "t";
    m_table.columns = std::move(columns);
    m_mapping.field_count = m_table.columns.size();
    m_mapping.copy_columns.clear();
    m_mapping.copy_fields.clear();
    for (std::size_t i = 0; i < m_table.columns.size(); ++i) {
      m_mapping.field_column.push_back(i);
      m_mapping.copy_columns.push_back(i);
      m_mapping.copy_fields.push_back(i);
    }
    m_encoder = make_row_encoder(m_feed, m_table, m_mapping);
  }

  // The encoded row (hex for binary COPY, text for text COPY), or "column: reason".
  std::string encode(std::vector<csv::Field> fields) {
    csv::Record record;
    record.fields = fields;
    std::string out = "previous row";
    if (auto problem = m_encoder->encode(record, out)) {
      EXPECT_EQ(out, "previous row");
      return problem->column + ": " + problem->reason;
    }
    const std::string row = out.substr(12);
    return m_encoder->copy_options() == "(FORMAT binary)" ? hex(row) : row;
  }

  FeedConfig m_feed;
  TableInfo m_table;
  ColumnMapping m_mapping;
  std::unique_ptr<RowEncoder> m_encoder;
};

csv::Field plain(std::string_view value) {
  return {value, false};
}
csv::Field quoted(std::string_view value) {
  return {value, true};
}

TEST_F(RowEncoderTest, BinaryCopyWhenEveryColumnHasAConverter) {
  use({column("id", "integer", 23, -1, true), column("name", "character varying(5)", 1043, 9),
       column("amount", "numeric(5,2)", 1700, (5 << 16 | 2) + 4), column("ok", "boolean", 16)});
  EXPECT_EQ(m_encoder->copy_options(), "(FORMAT binary)");
  EXPECT_EQ(hex(m_encoder->header()), "50 47 43 4f 50 59 0a ff 0d 0a 00 00 00 00 00 00 00 00 00");
  EXPECT_EQ(hex(m_encoder->trailer()), "ff ff");
  EXPECT_EQ(
      encode({plain("7"), plain("Ada"), plain("1.5"), plain("yes")}),
      "00 04 00 00 00 04 00 00 00 07 00 00 00 03 41 64 61 00 00 00 0c 00 02 00 00 00 00 00 02 00 01 13 88 "
      "00 00 00 01 01");
}

TEST_F(RowEncoderTest, NullIsAnUnquotedNullValue) {
  use({column("id", "integer", 23), column("name", "text", 25)});
  EXPECT_EQ(encode({plain(""), plain("")}), "00 02 ff ff ff ff ff ff ff ff");
  EXPECT_EQ(encode({plain("1"), quoted("")}), "00 02 00 00 00 04 00 00 00 01 00 00 00 00");
  EXPECT_EQ(encode({quoted(""), plain("x")}), "id: \"\" is not an integer");
  m_feed.null_values = {"NA", "\\N"};
  use({column("id", "integer", 23), column("name", "text", 25)});
  EXPECT_EQ(encode({plain("NA"), plain("")}), "00 02 ff ff ff ff 00 00 00 00");
  EXPECT_EQ(encode({plain("\\N"), quoted("NA")}), "00 02 ff ff ff ff 00 00 00 02 4e 41");
}

TEST_F(RowEncoderTest, NullInANotNullColumnNamesTheColumn) {
  use({column("id", "integer", 23, -1, true), column("name", "text", 25, -1, true)});
  EXPECT_EQ(encode({plain("1"), plain("")}),
            "name: is empty, which means NULL, but the column is NOT NULL (give a value)");
  m_feed.null_values = {"N/A"};
  use({column("id", "integer", 23, -1, true)});
  EXPECT_EQ(encode({plain("N/A")}),
            "id: \"N/A\" means NULL (feed option null), but the column is NOT NULL (give a value)");
}

TEST_F(RowEncoderTest, ProblemsNameTheColumnAndLeaveTheOutputAlone) {
  use({column("id", "integer", 23), column("day", "date", 1082),
       column("name", "character varying(3)", 1043, 7)});
  EXPECT_EQ(encode({plain("12a"), plain("2024-01-01"), plain("x")}), "id: \"12a\" is not an integer");
  EXPECT_EQ(encode({plain("1"), plain("2026-02-30"), plain("x")}),
            "day: \"2026-02-30\" is not a valid date (YYYY-MM-DD)");
  EXPECT_EQ(encode({plain("1"), plain("2026-02-03"), plain("abcd")}),
            "name: \"abcd\" is too long for character varying(3) (4 characters)");
  EXPECT_EQ(encode({plain("1"), plain("2")}), ": expected 3 fields, found 2");
}

TEST_F(RowEncoderTest, DateFormatsApplyPerColumn) {
  m_feed.date_formats = {{"day", "%d/%m/%Y"}};
  use({column("day", "date", 1082), column("other", "date", 1082)});
  EXPECT_EQ(encode({plain("29/02/2024"), plain("2024-02-29")}),
            "00 02 00 00 00 04 00 00 22 79 00 00 00 04 00 00 22 79");
  EXPECT_EQ(encode({plain("2024-02-29"), plain("2024-02-29")}),
            "day: \"2024-02-29\" is not a valid date (format %d/%m/%Y)");
  m_feed.date_formats = {{"n", "%d/%m/%Y"}};
  use({column("n", "integer", 23)});
  EXPECT_EQ(encode({plain("1")}),
            "n: date_formats has an entry for column n, whose type integer takes no format; "
            "remove it from the feed's date_formats");
  m_feed.date_formats = {{"day", "%d/%m"}};
  use({column("day", "date", 1082)});
  EXPECT_EQ(
      encode({plain("1/2")}),
      "day: date format \"%d/%m\" needs exactly one year (%Y or %y) and either one month and one day or one "
      "%j (feed option date_formats, column day)");
}

TEST_F(RowEncoderTest, ATypeWithoutAConverterMeansTextCopy) {
  m_feed.date_formats = {{"day", "%d/%m/%Y"}};
  use({column("id", "integer", 23), column("span", "interval", 1186), column("day", "date", 1082),
       column("note", "text", 25)});
  EXPECT_EQ(m_encoder->copy_options(), "(FORMAT text)");
  EXPECT_EQ(m_encoder->header(), "");
  EXPECT_EQ(encode({plain(" 7 "), plain("1 day"), plain("29/02/2024"), plain("a\\b\tc\nd\re")}),
            " 7 \t1 day\t2024-02-29\ta\\\\b\\tc\\nd\\re\n");
  EXPECT_EQ(encode({plain(""), plain(""), plain(""), quoted("")}), "\\N\t\\N\t\\N\t\n");
  // Columns with a converter are still checked here, so errors stay row-precise.
  EXPECT_EQ(encode({plain("x"), plain("1 day"), plain("29/02/2024"), plain("")}),
            "id: \"x\" is not an integer");
  EXPECT_EQ(encode({plain("1"), plain("1 day"), plain("2024-02-29"), plain("")}),
            "day: \"2024-02-29\" is not a valid date (format %d/%m/%Y)");
  EXPECT_EQ(encode({plain("1"), plain(std::string_view("1\0", 2)), plain("29/02/2024"), plain("")}),
            "span: contains a NUL byte at byte 2, which PostgreSQL text cannot store; remove it");
  EXPECT_EQ(encode({plain("1"), plain("1 day"), plain("29/02/2024"), plain("caf\xe9")}),
            "note: is not valid UTF-8 at byte 4 (0xE9); convert the file to UTF-8 or set the feed's encoding "
            "(windows-1252, latin-1)");
}

TEST_F(RowEncoderTest, ArraysAndUnknownTypesAreText) {
  ColumnInfo array = column("tags", "text[]", 1009);
  array.is_array = true;
  use({array});
  EXPECT_EQ(m_encoder->copy_options(), "(FORMAT text)");
  use({column("mood", "mood", 91234)});
  EXPECT_EQ(m_encoder->copy_options(), "(FORMAT text)");
}

}  // namespace
}  // namespace s3load
