// Operator tables: alignment, cutting long cells, fitting the screen, Markdown.
#include <gtest/gtest.h>

#include "ops/text_table.h"

namespace s3load::ops {
namespace {

TEST(OpsTextTable, AlignsColumnsAndTrimsTrailingSpaces) {
  TextTable table({{"id", Align::right}, {"key"}, {"status"}});
  table.add_row({"7", "acme/a.csv", "loaded"});
  table.add_row({"12", "b.csv", ""});
  EXPECT_EQ(table.render(),
            "id  key         status\n"
            " 7  acme/a.csv  loaded\n"
            "12  b.csv\n");
}

TEST(OpsTextTable, ShrinksTheShrinkingColumnToFitTheScreen) {
  TextTable table({{"key"}, {"error", Align::left, 0, true}});
  table.add_row({"a.csv", "header_mismatch: missing required column \"customer\""});
  const std::string out = table.render(30);
  EXPECT_EQ(out,
            "key    error\n"
            "a.csv  header_mismatch: missi…\n");
  EXPECT_EQ(display_width("a.csv  header_mismatch: missi…"), 30u);
}

TEST(OpsTextTable, NeverShrinksBelowTheMinimumWidth) {
  TextTable table({{"key"}, {"error", Align::left, 0, true}});
  table.add_row({"a-very-long-key-name.csv", "an error message that is long"});
  EXPECT_EQ(table.render(10),
            "key                       error\n"
            "a-very-long-key-name.csv  an error me…\n");
}

TEST(OpsTextTable, LineBreaksAndTabsInCellsBecomeSpaces) {
  TextTable table({{"reason"}});
  table.add_row({"line one\nline two\tend"});
  EXPECT_EQ(table.render(), "reason\nline one line two end\n");
}

TEST(OpsTextTable, CountsUtf8CharactersNotBytes) {
  EXPECT_EQ(display_width("Zoë Ünal"), 8u);
  EXPECT_EQ(fit_cell("Zoë Ünal", 4), "Zoë…");
  EXPECT_EQ(fit_cell("Zoë", 3), "Zoë");
  EXPECT_EQ(fit_cell("abc", 0), "");
  TextTable table({{"name"}, {"n", Align::right}});
  table.add_row({"Zoë", "1"});
  table.add_row({"Al", "22"});
  EXPECT_EQ(table.render(), "name   n\nZoë    1\nAl    22\n");
}

TEST(OpsTextTable, MaxWidthCutsCells) {
  TextTable table({{"k", Align::left, 5}});
  table.add_row({"abcdefgh"});
  EXPECT_EQ(table.render(), "k\nabcd…\n");
}

TEST(OpsTextTable, RendersMarkdownWithEscapedBars) {
  TextTable table({{"header"}, {"rows", Align::right}});
  table.add_row({"a|b", "3"});
  EXPECT_EQ(table.render_markdown(),
            "| header | rows |\n"
            "|---|---:|\n"
            "| a\\|b | 3 |\n");
}

TEST(OpsTextTable, FormatsCountsWithThousandsSeparators) {
  EXPECT_EQ(format_count(0), "0");
  EXPECT_EQ(format_count(999), "999");
  EXPECT_EQ(format_count(1000), "1,000");
  EXPECT_EQ(format_count(1234567), "1,234,567");
  EXPECT_EQ(format_count(-1234), "-1,234");
}

}  // namespace
}  // namespace s3load::ops
