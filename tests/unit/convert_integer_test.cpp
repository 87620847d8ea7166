#include <gtest/gtest.h>

#include <random>

#include "convert/integer.h"
#include "convert_test_support.h"

namespace s3load::convert {
namespace {

using testing::converted;

std::string int2(std::string_view text) {
  return converted([](auto value, auto& out) { return integer_to_binary(value, IntegerType::int2, out); },
                   text);
}
std::string int4(std::string_view text) {
  return converted([](auto value, auto& out) { return integer_to_binary(value, IntegerType::int4, out); },
                   text);
}
std::string int8(std::string_view text) {
  return converted([](auto value, auto& out) { return integer_to_binary(value, IntegerType::int8, out); },
                   text);
}

TEST(ConvertInteger, AcceptsWhatPostgresAccepts) {
  EXPECT_EQ(int4("0"), "00 00 00 00");
  EXPECT_EQ(int4("12"), "00 00 00 0c");
  EXPECT_EQ(int4(" 12 "), "00 00 00 0c");
  EXPECT_EQ(int4("\t7\n"), "00 00 00 07");
  EXPECT_EQ(int4("+12"), "00 00 00 0c");
  EXPECT_EQ(int4("-0"), "00 00 00 00");
  EXPECT_EQ(int4("00012"), "00 00 00 0c");
  EXPECT_EQ(int4("-1"), "ff ff ff ff");
}

TEST(ConvertInteger, Boundaries) {
  EXPECT_EQ(int2("32767"), "7f ff");
  EXPECT_EQ(int2("-32768"), "80 00");
  EXPECT_EQ(int2("32768"), "error: \"32768\" is out of range for smallint (-32768 to 32767)");
  EXPECT_EQ(int2("-32769"), "error: \"-32769\" is out of range for smallint (-32768 to 32767)");
  EXPECT_EQ(int4("2147483647"), "7f ff ff ff");
  EXPECT_EQ(int4("-2147483648"), "80 00 00 00");
  EXPECT_EQ(int4("99999999999"),
            "error: \"99999999999\" is out of range for integer (-2147483648 to 2147483647)");
  EXPECT_EQ(int4("-2147483649"),
            "error: \"-2147483649\" is out of range for integer (-2147483648 to 2147483647)");
  EXPECT_EQ(int8("9223372036854775807"), "7f ff ff ff ff ff ff ff");
  EXPECT_EQ(int8("-9223372036854775808"), "80 00 00 00 00 00 00 00");
  EXPECT_EQ(int8("9223372036854775808"),
            "error: \"9223372036854775808\" is out of range for bigint "
            "(-9223372036854775808 to 9223372036854775807)");
  EXPECT_EQ(int8("123456789012345678901234567890"),
            "error: \"123456789012345678901234567890\" is out of range for bigint (-9223372036854775808 to "
            "9223372036854775807)");
}

TEST(ConvertInteger, RejectsWhatPostgresRejects) {
  EXPECT_EQ(int4("12a"), "error: \"12a\" is not an integer");
  EXPECT_EQ(int4(""), "error: \"\" is not an integer");
  EXPECT_EQ(int4("-"), "error: \"-\" is not an integer");
  EXPECT_EQ(int4("+-1"), "error: \"+-1\" is not an integer");
  EXPECT_EQ(int4("1_000"), "error: \"1_000\" is not an integer");
  EXPECT_EQ(int4("0x10"), "error: \"0x10\" is not an integer");
  EXPECT_EQ(int4("12.0"), "error: \"12.0\" is not an integer");
  EXPECT_EQ(int4("1 2"), "error: \"1 2\" is not an integer");
  EXPECT_EQ(int4("N/A"), "error: \"N/A\" is not an integer");
}

TEST(ConvertInteger, QuotedValuesAreTruncatedAndPrintable) {
  EXPECT_EQ(int4(std::string(70, '7') + "x"), "error: \"" + std::string(60, '7') + "…\" is not an integer");
  EXPECT_EQ(int4(std::string("1\0", 2)), "error: \"1\\x00\" is not an integer");
  EXPECT_EQ(int4("\xff"
                 "1"),
            "error: \"\\xFF1\" is not an integer");
  EXPECT_EQ(int4("é1"), "error: \"é1\" is not an integer");
}

}  // namespace
}  // namespace s3load::convert

namespace s3load::convert {
namespace {

// Randomized: every bigint printed in decimal (with the spellings PostgreSQL allows) reads back as itself.
TEST(ConvertInteger, RandomValuesRoundTrip) {
  const auto seed = static_cast<std::uint64_t>(std::random_device{}());
  std::mt19937_64 random(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  for (int i = 0; i < 20000; ++i) {
    const auto value = static_cast<std::int64_t>(random());
    std::string text = std::to_string(value);
    if (i % 5 == 0 && value >= 0) text = "+00" + text;
    if (i % 3 == 0) text = " " + text + "\t";
    std::int64_t parsed = 0;
    ASSERT_FALSE(parse_integer(text, IntegerType::int8, parsed)) << text;
    ASSERT_EQ(parsed, value) << text;
  }
}

}  // namespace
}  // namespace s3load::convert
