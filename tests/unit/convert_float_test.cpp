#include <gtest/gtest.h>

#include "convert/floating.h"
#include "convert_test_support.h"

namespace s3load::convert {
namespace {

using testing::converted;

std::string float8(std::string_view text) {
  return converted([](auto value, auto& out) { return float8_to_binary(value, out); }, text);
}
std::string float4(std::string_view text) {
  return converted([](auto value, auto& out) { return float4_to_binary(value, out); }, text);
}

TEST(ConvertFloat8, Values) {
  EXPECT_EQ(float8("1.5"), "3f f8 00 00 00 00 00 00");
  EXPECT_EQ(float8(" 1.5 "), "3f f8 00 00 00 00 00 00");
  EXPECT_EQ(float8("0.1"), "3f b9 99 99 99 99 99 9a");
  EXPECT_EQ(float8(".5"), "3f e0 00 00 00 00 00 00");
  EXPECT_EQ(float8("5."), "40 14 00 00 00 00 00 00");
  EXPECT_EQ(float8("+.5e+1"), "40 14 00 00 00 00 00 00");
  EXPECT_EQ(float8("0"), "00 00 00 00 00 00 00 00");
  EXPECT_EQ(float8("-0"), "80 00 00 00 00 00 00 00");
  EXPECT_EQ(float8("0x1p3"), "40 20 00 00 00 00 00 00");
  EXPECT_EQ(float8("-0X1A"), "c0 3a 00 00 00 00 00 00");
  EXPECT_EQ(float8("1.7976931348623158e308"), "7f ef ff ff ff ff ff ff");
  EXPECT_EQ(float8("1e-320"), "00 00 00 00 00 00 07 e8");    // subnormal: kept
  EXPECT_EQ(float8("2.5e-324"), "00 00 00 00 00 00 00 01");  // rounds up to the smallest subnormal
  EXPECT_EQ(float8("0e-400"), "00 00 00 00 00 00 00 00");
}

TEST(ConvertFloat8, SpecialValues) {
  EXPECT_EQ(float8("NaN"), "7f f8 00 00 00 00 00 00");
  EXPECT_EQ(float8("nan"), "7f f8 00 00 00 00 00 00");
  EXPECT_EQ(float8("Infinity"), "7f f0 00 00 00 00 00 00");
  EXPECT_EQ(float8("INFINITY"), "7f f0 00 00 00 00 00 00");
  EXPECT_EQ(float8("+inf"), "7f f0 00 00 00 00 00 00");
  EXPECT_EQ(float8("-Infinity"), "ff f0 00 00 00 00 00 00");
  EXPECT_EQ(float8("-inf"), "ff f0 00 00 00 00 00 00");
}

TEST(ConvertFloat8, OutOfRange) {
  EXPECT_EQ(float8("1e309"), "error: \"1e309\" is out of range for double precision");
  EXPECT_EQ(float8("-1e309"), "error: \"-1e309\" is out of range for double precision");
  EXPECT_EQ(float8("1.7976931348623159e308"),
            "error: \"1.7976931348623159e308\" is out of range for double precision");
  EXPECT_EQ(float8("1e-400"), "error: \"1e-400\" is out of range for double precision");
  EXPECT_EQ(float8("-1e-400"), "error: \"-1e-400\" is out of range for double precision");
  EXPECT_EQ(float8("2.4e-324"), "error: \"2.4e-324\" is out of range for double precision");
  EXPECT_EQ(float8("0x1p-1080"), "error: \"0x1p-1080\" is out of range for double precision");
}

TEST(ConvertFloat8, Syntax) {
  for (const char* bad :
       {"", "infinit", "1e", "1e+", "1_0", "1,5", "0x", "0x.p1", "+-1", "--1", "1 2", "abc", "0x-1", "- 1"})
    EXPECT_EQ(float8(bad), "error: \"" + std::string(bad) + "\" is not a number (double precision)") << bad;
}

TEST(ConvertFloat4, Values) {
  EXPECT_EQ(float4("0.1"), "3d cc cc cd");
  EXPECT_EQ(float4("-0"), "80 00 00 00");
  EXPECT_EQ(float4("3.4028235e38"), "7f 7f ff ff");
  EXPECT_EQ(float4("1e-45"), "00 00 00 01");
  EXPECT_EQ(float4("0x1p-149"), "00 00 00 01");
  EXPECT_EQ(float4("1.17549435e-38"), "00 80 00 00");
  EXPECT_EQ(float4("NaN"), "7f c0 00 00");
  EXPECT_EQ(float4("-inf"), "ff 80 00 00");
  // Rounded once, to float (as strtof does), not through double.
  EXPECT_EQ(float4("1.00000005960464477539062500001"), "3f 80 00 01");
}

TEST(ConvertFloat4, OutOfRange) {
  for (const char* bad : {"3.4028236e38", "3.40282357e38", "1e39", "1e-46", "7e-46", "0x1p-150"})
    EXPECT_EQ(float4(bad), "error: \"" + std::string(bad) + "\" is out of range for real") << bad;
}

}  // namespace
}  // namespace s3load::convert
