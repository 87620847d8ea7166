#include <gtest/gtest.h>

#include "convert/numeric.h"
#include "convert_test_support.h"

namespace s3load::convert {
namespace {

using testing::converted;

// The typmod PostgreSQL stores for numeric(p,s).
std::int32_t typmod(int precision, int scale) {
  return ((precision << 16) | (scale & 0x7FF)) + 4;
}

std::string numeric(std::string_view text, std::int32_t mod = -1) {
  return converted([mod](auto value, auto& out) { return numeric_to_binary(value, mod, out); }, text);
}

// Layout: ndigits, weight, sign, dscale (int16 each), then base-10000 digits.
TEST(ConvertNumeric, Unconstrained) {
  EXPECT_EQ(numeric("0"), "00 00 00 00 00 00 00 00");
  EXPECT_EQ(numeric("1"), "00 01 00 00 00 00 00 00 00 01");
  EXPECT_EQ(numeric("1.50"), "00 02 00 00 00 00 00 02 00 01 13 88");  // display scale 2 kept
  EXPECT_EQ(numeric("-0.00"), "00 00 00 00 00 00 00 02");             // negative zero is zero
  EXPECT_EQ(numeric("12345.678"), "00 03 00 01 00 00 00 03 00 01 09 29 1a 7c");
  EXPECT_EQ(numeric("-12345.678"), "00 03 00 01 40 00 00 03 00 01 09 29 1a 7c");
  EXPECT_EQ(numeric(" +.5 "), "00 01 ff ff 00 00 00 01 13 88");
  EXPECT_EQ(numeric("5."), "00 01 00 00 00 00 00 00 00 05");
  EXPECT_EQ(numeric("0001.10"), "00 02 00 00 00 00 00 02 00 01 03 e8");
  EXPECT_EQ(numeric("1e5"), "00 01 00 01 00 00 00 00 00 0a");
  EXPECT_EQ(numeric("1.0e0"), "00 01 00 00 00 00 00 01 00 01");
  EXPECT_EQ(numeric("123e-5"), "00 02 ff ff 00 00 00 05 00 0c 0b b8");  // 0.0012|3000
  EXPECT_EQ(numeric("1E3"), "00 01 00 00 00 00 00 00 03 e8");
  EXPECT_EQ(numeric("10000"), "00 01 00 01 00 00 00 00 00 01");
  EXPECT_EQ(numeric("100000000.0001"), "00 04 00 02 00 00 00 04 00 01 00 00 00 00 00 01");
}

TEST(ConvertNumeric, SpecialValues) {
  EXPECT_EQ(numeric("NaN"), "00 00 00 00 c0 00 00 00");
  EXPECT_EQ(numeric("nan"), "00 00 00 00 c0 00 00 00");
  EXPECT_EQ(numeric("Infinity"), "00 00 00 00 d0 00 00 00");
  EXPECT_EQ(numeric(" +inf "), "00 00 00 00 d0 00 00 00");
  EXPECT_EQ(numeric("-Infinity"), "00 00 00 00 f0 00 00 00");
  EXPECT_EQ(numeric("-inf"), "00 00 00 00 f0 00 00 00");
  EXPECT_EQ(numeric("NaN", typmod(5, 2)), "00 00 00 00 c0 00 00 00");
  EXPECT_EQ(numeric("inf", typmod(5, 2)),
            "error: \"inf\" cannot be stored in numeric(5,2), which holds only finite values");
  EXPECT_EQ(numeric("-NaN"), "error: \"-NaN\" is not a number");
  EXPECT_EQ(numeric("Infinityx"), "error: \"Infinityx\" is not a number");
}

TEST(ConvertNumeric, Syntax) {
  for (const char* bad : {"", ".", "-", "1e", "1e+", "- 5", "1_0", "12a", "1.2.3", "0x10", "1,5", "e5"})
    EXPECT_EQ(numeric(bad), "error: \"" + std::string(bad) + "\" is not a number") << bad;
}

TEST(ConvertNumeric, StorageLimits) {
  EXPECT_EQ(numeric("1e131071"), "00 01 7f ff 00 00 00 00 03 e8");
  const std::string too_big =
      " is out of range for numeric (at most 131072 digits before and 16383 after the decimal point)";
  EXPECT_EQ(numeric("1e131072"), "error: \"1e131072\"" + too_big);
  EXPECT_EQ(numeric("1e-16383").substr(0, 23), "00 01 f0 00 00 00 3f ff");
  EXPECT_EQ(numeric("1e-16384"), "error: \"1e-16384\"" + too_big);
  EXPECT_EQ(numeric("0e-16384"), "error: \"0e-16384\"" + too_big);
  EXPECT_EQ(numeric("1e-20000", typmod(5, 2)), "00 00 00 00 00 00 00 02");  // the typmod's scale is stored
  EXPECT_EQ(numeric("0e-16384", typmod(5, 2)), "00 00 00 00 00 00 00 02");
  EXPECT_EQ(numeric("1e-1073741823", typmod(5, 2)), "error: \"1e-1073741823\"" + too_big);
  EXPECT_EQ(numeric("0e2000000000"), "error: \"0e2000000000\"" + too_big);
  EXPECT_EQ(numeric("0e200000"), "00 00 00 00 00 00 00 00");
}

TEST(ConvertNumeric, RoundsHalfAwayFromZeroToTheScale) {
  const auto mod = typmod(5, 2);
  EXPECT_EQ(numeric("12.3", mod), "00 02 00 00 00 00 00 02 00 0c 0b b8");     // 12.30
  EXPECT_EQ(numeric("999.994", mod), "00 02 00 00 00 00 00 02 03 e7 26 ac");  // 999.99
  EXPECT_EQ(numeric("0.005", mod), "00 01 ff ff 00 00 00 02 00 64");          // 0.01
  EXPECT_EQ(numeric("-0.005", mod), "00 01 ff ff 40 00 00 02 00 64");         // -0.01
  EXPECT_EQ(numeric("0.0049999", mod), "00 00 00 00 00 00 00 02");            // 0.00
  EXPECT_EQ(numeric("-0.0049999", mod), "00 00 00 00 00 00 00 02");           // 0.00, not -0.00
  EXPECT_EQ(numeric("1.995", mod), "00 01 00 00 00 00 00 02 00 02");          // 2.00
  EXPECT_EQ(numeric("1.994999999999", mod), "00 02 00 00 00 00 00 02 00 01 26 ac");
  EXPECT_EQ(numeric("00000000012.345", mod), "00 02 00 00 00 00 00 02 00 0c 0d ac");  // 12.35
  EXPECT_EQ(numeric("1e2", mod), "00 01 00 00 00 00 00 02 00 64");
  EXPECT_EQ(numeric("1e-100", mod), "00 00 00 00 00 00 00 02");
  EXPECT_EQ(numeric("1.5", typmod(3, 0)), "00 01 00 00 00 00 00 00 00 02");
  EXPECT_EQ(numeric("2.5", typmod(3, 0)), "00 01 00 00 00 00 00 00 00 03");
  EXPECT_EQ(numeric("-2.5", typmod(3, 0)), "00 01 00 00 40 00 00 00 00 03");
  EXPECT_EQ(numeric("-0.4", typmod(1, 0)), "00 00 00 00 00 00 00 00");
}

TEST(ConvertNumeric, IntegerDigitsAreChecked) {
  const auto mod = typmod(5, 2);
  EXPECT_EQ(numeric("1234.567", mod), "error: \"1234.567\" has 4 integer digits; numeric(5,2) allows 3");
  EXPECT_EQ(
      numeric("999.995", mod),
      "error: \"999.995\" has 4 integer digits once rounded to 2 decimal places; numeric(5,2) allows 3");
  EXPECT_EQ(
      numeric("-999.995", mod),
      "error: \"-999.995\" has 4 integer digits once rounded to 2 decimal places; numeric(5,2) allows 3");
  EXPECT_EQ(numeric("9.5", typmod(1, 0)),
            "error: \"9.5\" has 2 integer digits once rounded to 0 decimal places; numeric(1,0) allows 1");
  EXPECT_EQ(numeric("0000999.99", mod), "00 02 00 00 00 00 00 02 03 e7 26 ac");
}

TEST(ConvertNumeric, NegativeScaleAndScaleAbovePrecision) {
  EXPECT_EQ(numeric("12345", typmod(2, -3)), "00 02 00 01 00 00 00 00 00 01 07 d0");  // 12000
  EXPECT_EQ(numeric("-12345.6", typmod(2, -3)), "00 02 00 01 40 00 00 00 00 01 07 d0");
  EXPECT_EQ(numeric("99499", typmod(2, -3)), "00 02 00 01 00 00 00 00 00 09 23 28");  // 99000
  EXPECT_EQ(
      numeric("99500", typmod(2, -3)),
      "error: \"99500\" has 6 integer digits once rounded to -3 decimal places; numeric(2,-3) allows 5");
  EXPECT_EQ(numeric("0.001234", typmod(3, 5)), "00 02 ff ff 00 00 00 05 00 0c 0b b8");  // 0.00123
  EXPECT_EQ(numeric("0.01", typmod(3, 5)),
            "error: \"0.01\" is too large for numeric(3,5): it must round to an absolute value below 10^-2");
  EXPECT_EQ(
      numeric("0.009999996", typmod(3, 5)),
      "error: \"0.009999996\" is too large for numeric(3,5): it must round to an absolute value below 10^-2");
  EXPECT_EQ(numeric("0.000004", typmod(3, 5)), "00 00 00 00 00 00 00 05");
  EXPECT_EQ(numeric("0.000005", typmod(3, 5)), "00 01 ff fe 00 00 00 05 03 e8");  // 0.00001
}

TEST(ConvertNumeric, DecodesTypmods) {
  EXPECT_FALSE(decode_numeric_typmod(-1));
  const auto plain = decode_numeric_typmod(typmod(12, 2));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->precision, 12);
  EXPECT_EQ(plain->scale, 2);
  const auto negative = decode_numeric_typmod(typmod(2, -3));
  ASSERT_TRUE(negative);
  EXPECT_EQ(negative->scale, -3);
}

TEST(ConvertNumeric, JsonNumbersForJsonb) {
  EXPECT_TRUE(json_number_fits_numeric("-12.5e3"));
  EXPECT_TRUE(json_number_fits_numeric("1e-16383"));
  EXPECT_FALSE(json_number_fits_numeric("1e-16384"));
  EXPECT_FALSE(json_number_fits_numeric("1e1000000"));
  EXPECT_TRUE(json_number_fits_numeric("0e1000000"));
}

}  // namespace
}  // namespace s3load::convert
