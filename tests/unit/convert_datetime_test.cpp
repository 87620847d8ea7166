#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "convert/datetime.h"
#include "convert/utf8.h"
#include "convert_test_support.h"

namespace s3load::convert {
namespace {

constexpr std::int64_t DAY = 86400000000LL;
constexpr std::int64_t HOUR = 3600000000LL;
constexpr std::int64_t JAN_1_2024 = 8766 * DAY;  // 2024-01-01 00:00, microseconds since 2000-01-01

std::string value_of(std::string_view text, DateTimeKind kind, int precision = -1,
                     const DateFormat* format = nullptr) {
  std::int64_t value = 0;
  if (auto problem = parse_datetime(text, DateTimeType{kind, precision, format}, value))
    return "error: " + *problem;
  return std::to_string(value);
}
std::string date(std::string_view text) {
  return value_of(text, DateTimeKind::date);
}
std::string timestamp(std::string_view text, int precision = -1) {
  return value_of(text, DateTimeKind::timestamp, precision);
}
std::string timestamptz(std::string_view text) {
  return value_of(text, DateTimeKind::timestamptz);
}
std::string n(std::int64_t value) {
  return std::to_string(value);
}

TEST(ConvertDate, IsoDates) {
  EXPECT_EQ(date("2000-01-01"), "0");
  EXPECT_EQ(date("1999-12-31"), "-1");
  EXPECT_EQ(date("1970-01-01"), "-10957");
  EXPECT_EQ(date("2024-02-29"), "8825");
  EXPECT_EQ(date("2024-3-1"), "8826");
  EXPECT_EQ(date(" 2024-03-01 "), "8826");
  EXPECT_EQ(date("9999-12-31"), "2921939");
  EXPECT_EQ(date("0001-01-01"), "-730119");
  EXPECT_EQ(date("024-01-01"), n(-730119 + 8400));  // three-digit years are taken as written: 0024
  EXPECT_EQ(date("02024-03-01"), "8826");
}

TEST(ConvertDate, LeapDays) {
  EXPECT_EQ(date("2024-02-29"), "8825");
  EXPECT_EQ(date("2023-02-29"), "error: \"2023-02-29\" is not a valid date (YYYY-MM-DD)");
  EXPECT_EQ(date("2000-02-29"), "59");
  EXPECT_EQ(date("1900-02-29"), "error: \"1900-02-29\" is not a valid date (YYYY-MM-DD)");
  EXPECT_EQ(date("2026-02-30"), "error: \"2026-02-30\" is not a valid date (YYYY-MM-DD)");
}

TEST(ConvertDate, EraAndLimits) {
  EXPECT_EQ(date("0001-01-01 BC"), n(-730119 - 366));  // 1 BC is the leap year 0
  EXPECT_EQ(date("0001-01-01bc"), n(-730119 - 366));
  EXPECT_EQ(date("1145-02-29 BC"), "-1148263");
  EXPECT_EQ(date("1144-02-29 BC"), "error: \"1144-02-29 BC\" is not a valid date (YYYY-MM-DD)");
  EXPECT_EQ(date("2024-02-29 AD"), "8825");
  EXPECT_EQ(date("4714-11-24 BC"), "-2451545");
  EXPECT_EQ(date("4714-11-23 BC"),
            "error: \"4714-11-23 BC\" is out of range for date (4714-11-24 BC to 5874897-12-31)");
  EXPECT_EQ(date("5874897-12-31"), "2145031948");
  EXPECT_EQ(date("5874898-01-01"),
            "error: \"5874898-01-01\" is out of range for date (4714-11-24 BC to 5874897-12-31)");
  EXPECT_EQ(date("10000-01-01"), "2921940");
  EXPECT_EQ(date("0000-01-01"), "error: \"0000-01-01\" is not a valid date (YYYY-MM-DD)");
  EXPECT_EQ(date("99999999999-01-01"),
            "error: \"99999999999-01-01\" is out of range for date (4714-11-24 BC to 5874897-12-31)");
}

TEST(ConvertDate, SpecialValues) {
  EXPECT_EQ(date("infinity"), n(std::numeric_limits<std::int32_t>::max()));
  EXPECT_EQ(date(" Infinity "), n(std::numeric_limits<std::int32_t>::max()));
  EXPECT_EQ(date("-infinity"), n(std::numeric_limits<std::int32_t>::min()));
  EXPECT_EQ(date("epoch"), "-10957");
  EXPECT_EQ(date("+infinity"), "error: \"+infinity\" is not a valid date (YYYY-MM-DD)");
}

TEST(ConvertDate, ATimeOfDayIsCheckedThenDropped) {
  EXPECT_EQ(date("2024-01-01 12:00"), "8766");
  EXPECT_EQ(date("2024-01-01T10:00:00Z"), "8766");
  EXPECT_EQ(date("2024-01-01 24:00"), "8766");  // no roll-over into the next day for a date
  EXPECT_EQ(date("2024-01-01 00:00+05"), "8766");
  EXPECT_EQ(date("2024-01-01 25:00"), "error: \"2024-01-01 25:00\" is not a valid date (YYYY-MM-DD)");
  EXPECT_EQ(date("2024-01-01 10:00+16"),
            "error: \"2024-01-01 10:00+16\" has a time zone offset out of range (at most ±15:59:59)");
}

TEST(ConvertDate, RejectsOtherForms) {
  for (const char* bad : {"", "2024/01/02", "20240101", "24-01-02", "2024-001-01", "2024-01-001", "2024-1-1x",
                          "Jan 8 2024", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32",
                          "2024-01-01-02", "2024-01-01T", "2024-01-01 10"})
    EXPECT_EQ(date(bad), "error: \"" + std::string(bad) + "\" is not a valid date (YYYY-MM-DD)") << bad;
}

TEST(ConvertTimestamp, IsoTimestamps) {
  EXPECT_EQ(timestamp("2024-01-01 10:00"), n(JAN_1_2024 + 10 * HOUR));
  EXPECT_EQ(timestamp("2024-01-01T10:00:00"), n(JAN_1_2024 + 10 * HOUR));
  EXPECT_EQ(timestamp("2024-01-01t10:00:00"), n(JAN_1_2024 + 10 * HOUR));
  EXPECT_EQ(timestamp("2024-01-01  10:00:00"), n(JAN_1_2024 + 10 * HOUR));
  EXPECT_EQ(timestamp("2024-01-01\t10:00"), n(JAN_1_2024 + 10 * HOUR));
  EXPECT_EQ(timestamp("2024-01-01 1:2:3"), n(JAN_1_2024 + HOUR + 2 * 60000000 + 3000000));
  EXPECT_EQ(timestamp("2024-01-01"), n(JAN_1_2024));
  EXPECT_EQ(timestamp("1999-12-31 23:59:59"), "-1000000");
  EXPECT_EQ(timestamp("2024-01-01 10:00.5"),
            n(JAN_1_2024 + 10 * 60000000 + 500000));  // mm:ss.f, as PostgreSQL
  EXPECT_EQ(timestamp("2024-01-01 10:00:00."), n(JAN_1_2024 + 10 * HOUR));
}

TEST(ConvertTimestamp, FractionsRoundAsPostgresRounds) {
  const std::int64_t ten = JAN_1_2024 + 10 * HOUR;
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.123456"), n(ten + 123456));
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.1234565"), n(ten + 123456));
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.1234575"), n(ten + 123458));
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.0000005"), n(ten));
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.0000015"), n(ten + 2));
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.123456789012"), n(ten + 123457));
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.1234567890123456789012345"), n(ten + 123457));
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.9999995"), n(ten + 1000000));
  EXPECT_EQ(timestamp("2024-01-01 23:59:59.9999995"), n(JAN_1_2024 + DAY));
  EXPECT_EQ(timestamp("2024-01-01 10:00:00." + std::string(100, '0') + "5"), n(ten));
}

TEST(ConvertTimestamp, RollOversAndTimeLimits) {
  EXPECT_EQ(timestamp("2024-01-01 24:00:00"), n(JAN_1_2024 + DAY));
  EXPECT_EQ(timestamp("2024-01-01 24:00"), n(JAN_1_2024 + DAY));
  EXPECT_EQ(timestamp("2024-01-01 23:59:60"), n(JAN_1_2024 + DAY));
  EXPECT_EQ(timestamp("2024-01-01 10:59:60.5"), n(JAN_1_2024 + 11 * HOUR + 500000));
  const std::string invalid = " is not a valid timestamp (YYYY-MM-DD hh:mm:ss)";
  EXPECT_EQ(timestamp("2024-01-01 24:00:01"), "error: \"2024-01-01 24:00:01\"" + invalid);
  EXPECT_EQ(timestamp("2024-01-01 23:59:60.5"), "error: \"2024-01-01 23:59:60.5\"" + invalid);
  EXPECT_EQ(timestamp("2024-01-01 23:59:61"), "error: \"2024-01-01 23:59:61\"" + invalid);
  EXPECT_EQ(timestamp("2024-01-01 23:60:00"), "error: \"2024-01-01 23:60:00\"" + invalid);
  EXPECT_EQ(timestamp("2024-01-01 100:00:00"), "error: \"2024-01-01 100:00:00\"" + invalid);
  EXPECT_EQ(timestamp("2024-01-01 10"), "error: \"2024-01-01 10\"" + invalid);
  EXPECT_EQ(timestamp("2024-01-01T10"), "error: \"2024-01-01T10\"" + invalid);
  EXPECT_EQ(timestamp("2024-01-01 10:00:00 UTC"), "error: \"2024-01-01 10:00:00 UTC\"" + invalid);
  EXPECT_EQ(timestamp("+infinity"), "error: \"+infinity\"" + invalid);
}

TEST(ConvertTimestamp, AnOffsetIsCheckedThenIgnored) {
  const std::string ten = n(JAN_1_2024 + 10 * HOUR);
  for (const char* text : {"2024-01-01 10:00:00+02", "2024-01-01 10:00:00 +02:00", "2024-01-01 10:00:00Z",
                           "2024-01-01 10:00:00z", "2024-01-01 10:00:00 Z", "2024-01-01 10:00:00-14:00",
                           "2024-01-01 10:00:00+15:59", "2024-01-01 10:00:00+0530", "2024-01-01 10:00:00+1"})
    EXPECT_EQ(timestamp(text), ten) << text;
  EXPECT_EQ(timestamp("2024-01-01 10:00:00+16"),
            "error: \"2024-01-01 10:00:00+16\" has a time zone offset out of range (at most ±15:59:59)");
}

TEST(ConvertTimestamp, RangeAndEra) {
  EXPECT_EQ(timestamp("294276-12-31 23:59:59.999999"), "9223371331199999999");
  EXPECT_EQ(timestamp("294277-01-01 00:00:00"),
            "error: \"294277-01-01 00:00:00\" is out of range for timestamp (4714-11-24 BC to 294276-12-31)");
  EXPECT_EQ(timestamp("4714-11-24 00:00:00 BC"), "-211813488000000000");
  EXPECT_EQ(
      timestamp("4714-11-23 23:59:59 BC"),
      "error: \"4714-11-23 23:59:59 BC\" is out of range for timestamp (4714-11-24 BC to 294276-12-31)");
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.5BC"), timestamp("2024-01-01 10:00:00.5 bc"));
  EXPECT_EQ(timestamp("2024-01-01 10:00+02BC"), timestamp("2024-01-01 10:00 BC"));
  EXPECT_EQ(timestamp("infinity"), n(std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(timestamp("-infinity"), n(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(timestamp("epoch"), n(-10957 * DAY));
}

TEST(ConvertTimestamp, PrecisionRoundsHalfAwayFromTheYear2000) {
  const std::int64_t ten = JAN_1_2024 + 10 * HOUR;
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.5", 0), n(ten + 1000000));
  EXPECT_EQ(timestamp("2024-01-01 10:00:01.5", 0), n(ten + 2000000));
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.125", 2), n(ten + 130000));
  EXPECT_EQ(timestamp("2024-01-01 10:00:00.123456", 6), n(ten + 123456));
  EXPECT_EQ(timestamp("1999-12-31 23:59:59.5", 0), "-1000000");  // negative: rounds toward the past
  // Rounding would leave the range: sent unrounded, the server rounds it (and stores 294277-01-01).
  EXPECT_EQ(timestamp("294276-12-31 23:59:59.9", 0), "9223371331199900000");
}

TEST(ConvertTimestamptz, OffsetsAndUtc) {
  const std::int64_t ten = JAN_1_2024 + 10 * HOUR;
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00"), n(ten));  // no offset: the session's time zone, UTC
  EXPECT_EQ(timestamptz("2024-01-01T10:00:00Z"), n(ten));
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00+02"), n(ten - 2 * HOUR));
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00-0530"), n(ten + 5 * HOUR + 30 * 60000000LL));
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00 +05:30"), n(ten - 5 * HOUR - 30 * 60000000LL));
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00+14:00"), n(ten - 14 * HOUR));
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00-14:00"), n(ten + 14 * HOUR));
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00+15:59:59"), n(ten - 57599 * 1000000LL));
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00+123"), n(ten - 83 * 60000000LL));  // 1:23
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00+02:3"), n(ten - 123 * 60000000LL));
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00+02:"), n(ten - 2 * HOUR));
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00+0002"), n(ten - 2 * 60000000LL));
  EXPECT_EQ(timestamptz("2024-01-01+02"), n(JAN_1_2024 - 2 * HOUR));
  EXPECT_EQ(timestamptz("2024-01-01 -02"), n(JAN_1_2024 + 2 * HOUR));
  EXPECT_EQ(timestamptz("2024-01-01Z"), n(JAN_1_2024));
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00.5 +02"), n(ten - 2 * HOUR + 500000));
  const std::string range = " has a time zone offset out of range (at most ±15:59:59)";
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00+16"), "error: \"2024-01-01 10:00:00+16\"" + range);
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00+12345"), "error: \"2024-01-01 10:00:00+12345\"" + range);
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00+02:60"), "error: \"2024-01-01 10:00:00+02:60\"" + range);
  EXPECT_EQ(timestamptz("2024-01-01 10:00:00+02:00:60"), "error: \"2024-01-01 10:00:00+02:00:60\"" + range);
  const std::string invalid = " is not a valid timestamp with time zone (YYYY-MM-DD hh:mm:ss±hh:mm)";
  for (const char* bad : {"2024-01-01 10:00:00+", "2024-01-01 10:00:00+02:00Z", "2024-01-01 10:00:00+:30",
                          "2024-01-01 10:00:00+02.5", "2024-01-01-02"})
    EXPECT_EQ(timestamptz(bad), "error: \"" + std::string(bad) + "\"" + invalid) << bad;
}

TEST(ConvertTimestamptz, TheRangeIsCheckedInUtc) {
  EXPECT_EQ(timestamptz("294277-01-01 00:59:59+01"), "9223371331199000000");
  EXPECT_EQ(timestamptz("294276-12-31 23:59:59-01"),
            "error: \"294276-12-31 23:59:59-01\" is out of range for "
            "timestamp with time zone (4714-11-24 BC to 294276-12-31)");
  EXPECT_EQ(timestamptz("4714-11-24 00:00:00+01 BC"),
            "error: \"4714-11-24 00:00:00+01 BC\" is out of range for "
            "timestamp with time zone (4714-11-24 BC to 294276-12-31)");
}

TEST(ConvertDateTime, BinaryValues) {
  std::string out;
  EXPECT_FALSE(datetime_to_binary("2024-02-29", {DateTimeKind::date}, out));
  EXPECT_EQ(testing::hex(out), "00 00 22 79");
  out.clear();
  EXPECT_FALSE(datetime_to_binary("-infinity", {DateTimeKind::date}, out));
  EXPECT_EQ(testing::hex(out), "80 00 00 00");
  out.clear();
  EXPECT_FALSE(datetime_to_binary("2024-01-01 10:00:00.123456+02", {DateTimeKind::timestamptz}, out));
  EXPECT_EQ(testing::hex(out), "00 02 b0 dc 89 88 42 40");  // 08:00:00.123456 UTC
  out.clear();
  EXPECT_FALSE(datetime_to_binary("infinity", {DateTimeKind::timestamp}, out));
  EXPECT_EQ(testing::hex(out), "7f ff ff ff ff ff ff ff");
}

TEST(ConvertDateTime, IsoTextForTextCopy) {
  const auto text = [](std::string_view value, DateTimeKind kind) {
    std::int64_t parsed = 0;
    EXPECT_FALSE(parse_datetime(value, {kind}, parsed)) << value;
    std::string out;
    append_datetime_text(parsed, kind, out);
    return out;
  };
  EXPECT_EQ(text("2024-2-9", DateTimeKind::date), "2024-02-09");
  EXPECT_EQ(text("0044-03-15 BC", DateTimeKind::date), "0044-03-15 BC");
  EXPECT_EQ(text("-infinity", DateTimeKind::date), "-infinity");
  EXPECT_EQ(text("2024-01-01 10:00:00.5+02", DateTimeKind::timestamptz), "2024-01-01 08:00:00.500000+00");
  EXPECT_EQ(text("1999-12-31 23:59:59.000001", DateTimeKind::timestamp), "1999-12-31 23:59:59.000001");
  EXPECT_EQ(text("4714-11-24 00:00:00 BC", DateTimeKind::timestamp), "4714-11-24 00:00:00 BC");
  EXPECT_EQ(text("infinity", DateTimeKind::timestamptz), "infinity");
}

std::string formatted(std::string_view format, std::string_view text,
                      DateTimeKind kind = DateTimeKind::date) {
  std::string error;
  const auto parsed = DateFormat::parse(format, error);
  if (!parsed) return "format error: " + error;
  return value_of(text, kind, -1, &*parsed);
}

TEST(ConvertDateFormat, Directives) {
  EXPECT_EQ(formatted("%d/%m/%Y", "29/02/2024"), "8825");
  EXPECT_EQ(formatted("%d/%m/%Y", "1/3/2024"), "8826");
  EXPECT_EQ(formatted("%m/%d/%y", "03/01/24"), "8826");
  EXPECT_EQ(formatted("%m/%d/%y", "01/05/69"), "25207");   // 2069
  EXPECT_EQ(formatted("%m/%d/%y", "01/05/70"), "-10953");  // 1970
  EXPECT_EQ(formatted("%Y%m%d", "20240301"), "8826");
  EXPECT_EQ(formatted("%d %b %Y", "01 MAR 2024"), "8826");
  EXPECT_EQ(formatted("%d %h %Y", "01 mar 2024"), "8826");
  EXPECT_EQ(formatted("%B %e, %Y", "March  1, 2024"), "8826");
  EXPECT_EQ(formatted("%B %e, %Y", "march 1, 2024"), "8826");
  EXPECT_EQ(formatted("%Y-%j", "2024-061"), "8826");
  EXPECT_EQ(formatted("%Y-%j", "2024-366"), "9131");
  EXPECT_EQ(formatted("%Y-%j", "2023-365"), "8765");
  EXPECT_EQ(formatted("%Y-%j", "2023-366"), "error: \"2023-366\" is not a valid date (format %Y-%j)");
  EXPECT_EQ(formatted("%d/%m/%Y", "31/02/2024"),
            "error: \"31/02/2024\" is not a valid date (format %d/%m/%Y)");
  EXPECT_EQ(formatted("%d/%m/%Y", "2024-03-01"),
            "error: \"2024-03-01\" is not a valid date (format %d/%m/%Y)");
  EXPECT_EQ(formatted("%d/%m/%Y", "infinity"), n(std::numeric_limits<std::int32_t>::max()));
  EXPECT_EQ(formatted("%d%%%m%%%Y", "01%03%2024"), "8826");
}

TEST(ConvertDateFormat, TimesAndOffsets) {
  const std::int64_t ten = JAN_1_2024 + 10 * HOUR;
  EXPECT_EQ(formatted("%d/%m/%Y %H:%M", "01/01/2024 10:00", DateTimeKind::timestamp), n(ten));
  EXPECT_EQ(formatted("%d/%m/%Y %H:%M:%S.%f", "01/01/2024 10:00:00.1234565", DateTimeKind::timestamp),
            n(ten + 123456));
  EXPECT_EQ(formatted("%d/%m/%Y %H:%M%z", "01/01/2024 10:00+0200", DateTimeKind::timestamptz),
            n(ten - 2 * HOUR));
  EXPECT_EQ(formatted("%d/%m/%Y %H:%M%z", "01/01/2024 10:00Z", DateTimeKind::timestamptz), n(ten));
  EXPECT_EQ(formatted("%d/%m/%Y %H:%M%z", "01/01/2024 10:00-05:30", DateTimeKind::timestamp), n(ten));
  EXPECT_EQ(formatted("%d/%m/%Y %H:%M", "01/01/2024 10:00", DateTimeKind::date), "8766");
}

TEST(ConvertDateFormat, InvalidFormats) {
  EXPECT_EQ(formatted("%d/%m/%Q", "x"),
            "format error: date format \"%d/%m/%Q\" has an unknown directive %Q (known: "
            "%Y %y %m %b %h %B %d %e %j %H %M %S %f %z %%)");
  EXPECT_EQ(formatted("%d/%m/%Y%", "x"), "format error: date format \"%d/%m/%Y%\" ends with a lone %");
  EXPECT_EQ(formatted("%d/%m", "x"),
            "format error: date format \"%d/%m\" needs exactly one year (%Y or %y) and "
            "either one month and one day or one %j");
  EXPECT_EQ(formatted("%Y-%j-%d", "x").substr(0, 13), "format error:");
  EXPECT_EQ(check_date_format("%d.%m.%Y"), std::nullopt);
  EXPECT_TRUE(check_date_format("%d.%m"));
  // Found by fuzz/convert_fuzzer: the message quoted the format's bytes as they were.
  EXPECT_EQ(formatted(std::string("\xE1\xA7\x9C\xFF\x7F\0\0y", 8), "x"),
            "format error: date format \"\xE1\xA7\x9C\\xFF\x7F\\x00\\x00y\" needs exactly one year (%Y or "
            "%y) and either one month and one day or one %j");
  EXPECT_EQ(
      check_date_format("%Y%\xFF"),
      "date format \"%Y%\\xFF\" has an unknown directive %\\xFF (known: %Y %y %m %b %h %B %d %e %j %H %M "
      "%S %f %z %%)");
}

}  // namespace
}  // namespace s3load::convert

namespace s3load::convert {
namespace {

// Randomized: any date or timestamp in range, printed in ISO form, reads back as itself.
TEST(ConvertDateTime, IsoTextRoundTripsRandomValues) {
  const auto seed = static_cast<std::uint64_t>(std::random_device{}());
  std::mt19937_64 random(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  constexpr std::int64_t MIN_DAY = -2451545;    // 4714-11-24 BC
  constexpr std::int64_t MAX_DAY = 2145031948;  // 5874897-12-31
  constexpr std::int64_t MIN_TIMESTAMP = -211813488000000000LL;
  constexpr std::int64_t MAX_TIMESTAMP = 9223371331199999999LL;
  for (int i = 0; i < 20000; ++i) {
    const auto kind = static_cast<DateTimeKind>(i % 3);
    const std::int64_t value =
        kind == DateTimeKind::date
            ? std::uniform_int_distribution<std::int64_t>(MIN_DAY, MAX_DAY)(random)
            : std::uniform_int_distribution<std::int64_t>(MIN_TIMESTAMP, MAX_TIMESTAMP)(random);
    std::string text;
    append_datetime_text(value, kind, text);
    std::int64_t parsed = 0;
    ASSERT_FALSE(parse_datetime(text, {kind}, parsed)) << text;
    ASSERT_EQ(parsed, value) << text;
  }
}

}  // namespace
}  // namespace s3load::convert
