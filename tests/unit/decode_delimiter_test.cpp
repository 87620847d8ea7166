// delimiter = "auto": detect_delimiter on the shapes vendor files come in.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "decode/decoding_source.h"

namespace s3load {
namespace {

std::optional<char> detect(std::string_view sample) {
  return detect_delimiter(sample, '"');
}

TEST(DetectDelimiter, PlainCommaFile) {
  EXPECT_EQ(detect("order_id,customer,amount\n1,ACME,10.50\n2,Globex,3.20\n"), ',');
}

TEST(DetectDelimiter, SemicolonWithDecimalCommasInQuotes) {
  // The Excel export of a German or French locale.
  EXPECT_EQ(detect("Artikel;Menge;Preis\r\n\"Schraube\";10;\"0,25\"\r\n\"Mutter\";5;\"0,10\"\r\n"), ';');
}

TEST(DetectDelimiter, SemicolonWithUnquotedDecimalCommas) {
  EXPECT_EQ(detect("id;price;qty\n1;3,50;2\n2;10,00;1\n3;7;1\n"), ';');
}

TEST(DetectDelimiter, CommaFileWhoseQuotedFieldsHoldOtherDelimiters) {
  EXPECT_EQ(detect("id,note,path\n1,\"a;b;c\",\"x|y\"\n2,\"tab\there\",\"p|q|r\"\n3,\"plain\",\"z\"\n"), ',');
}

TEST(DetectDelimiter, QuotedLineBreaksDoNotEndRecords) {
  EXPECT_EQ(detect("id;note\n1;\"first line\nsecond, with a comma\r\nthird\"\n2;\"x\"\n"), ';');
}

TEST(DetectDelimiter, Tabs) {
  EXPECT_EQ(detect("sku\tname\tprice\nA-1\tWidget, large\t3.50\nA-2\tGadget\t1.25\n"), '\t');
}

TEST(DetectDelimiter, Pipes) {
  EXPECT_EQ(detect("ID|NAME|CITY\r\n1|Smith, John|Paris\r\n2|Doe; Jane|Lyon\r\n"), '|');
}

TEST(DetectDelimiter, HeaderOnlyFile) {
  EXPECT_EQ(detect("id;name;amount\n"), ';');
  EXPECT_EQ(detect("id\tname"), '\t');  // no line break at all
}

TEST(DetectDelimiter, OneColumnFileHasNone) {
  EXPECT_EQ(detect("email\na@example.com\nb@example.com\n"), std::nullopt);
  // A comma in a few values does not make a second column.
  EXPECT_EQ(detect("comment\nfine\ngood, thanks\nok\nnice\n"), std::nullopt);
}

TEST(DetectDelimiter, EmptySampleHasNone) {
  EXPECT_EQ(detect(""), std::nullopt);
  EXPECT_EQ(detect("\n\r\n\n"), std::nullopt);
  EXPECT_EQ(detect("\xEF\xBB\xBF"), std::nullopt);
}

TEST(DetectDelimiter, BomAndBlankLinesAreSkipped) {
  EXPECT_EQ(detect("\xEF\xBB\xBF"
                   "a;b\n\n1;2\n\r\n3;4\n"),
            ';');
}

TEST(DetectDelimiter, TheDelimiterThatAgreesOnMoreRecordsWins) {
  // Commas appear in some rows only (free text); semicolons split every row into 3.
  EXPECT_EQ(detect("a;b;c\n1;x, y;2\n3;z;4\n5;w;6\n"), ';');
}

TEST(DetectDelimiter, OnEqualAgreementMoreFieldsWins) {
  // Every record holds one comma inside its text and three tabs between its fields.
  EXPECT_EQ(detect("id\tname, first\tcity\tzip\n1\tDoe, J\tParis\t75001\n2\tRoe, R\tLyon\t69001\n"), '\t');
}

TEST(DetectDelimiter, FullTiesFollowTheOrderOfPreference) {
  EXPECT_EQ(detect("a,b;c\n1,2;3\n"), ',');
  EXPECT_EQ(detect("a;b\tc\n1;2\t3\n"), ';');
  EXPECT_EQ(detect("a\tb|c\n1\t2|3\n"), '\t');
}

TEST(DetectDelimiter, ALastRecordCutShortByTheSampleIsIgnored) {
  // The sample ends inside the fourth record.
  EXPECT_EQ(detect("a;b;c\n1;2;3\n4;5;6\n7;8"), ';');
  // …or inside a quoted field.
  EXPECT_EQ(detect("a;b;c\n1;2;3\n4;\"5\n6,7,8"), ';');
}

TEST(DetectDelimiter, OnlyTheFirstFiftyRecordsCount) {
  std::string sample = "a;b\n";
  for (int row = 0; row < 49; ++row)
    sample += "1;2\n";
  for (int row = 0; row < 200; ++row)
    sample += "1,2,3\n";
  EXPECT_EQ(detect(sample), ';');
}

TEST(DetectDelimiter, NoMajorityMeansNoDelimiter) {
  EXPECT_EQ(detect("a,b\n1,2,3\n4,5,6,7\n8,9,10,11,12\n"), std::nullopt);
}

TEST(DetectDelimiter, HonoursTheFeedsQuoteCharacter) {
  EXPECT_EQ(detect_delimiter("id;note\n1;'a,b,c'\n2;'d,e'\n", '\''), ';');
  // With the quote being '"', the single quotes are data and the commas split fields unevenly.
  EXPECT_EQ(detect_delimiter("id;note\n1;'a,b,c'\n2;'d,e'\n", '"'), ';');
}

TEST(DetectDelimiter, AQuoteCharacterIsNeverTheDelimiter) {
  EXPECT_EQ(detect_delimiter("a|b|c\n1|2|3\n", '|'), std::nullopt);
}

}  // namespace
}  // namespace s3load
