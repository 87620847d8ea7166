// --since: durations back from now, dates and timestamps (UTC unless an offset is given), "all".
#include <gtest/gtest.h>

#include "ops/since.h"

namespace s3load::ops {
namespace {

// 2026-11-27T10:00:00Z
constexpr double NOW = 1795773600;

double since(std::string_view text) {
  auto parsed = parse_since(text, NOW);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() && *parsed ? **parsed : -1;
}

std::string error_of(std::string_view text) {
  auto parsed = parse_since(text, NOW);
  EXPECT_FALSE(parsed.ok()) << text;
  return parsed.ok() ? "" : parsed.error().message;
}

TEST(OpsSince, DurationsCountBackFromNow) {
  EXPECT_EQ(since("45s"), NOW - 45);
  EXPECT_EQ(since("30m"), NOW - 30 * 60);
  EXPECT_EQ(since("6h"), NOW - 6 * 3600);
  EXPECT_EQ(since("2d"), NOW - 2 * 86400);
  EXPECT_EQ(since("1w"), NOW - 7 * 86400);
  EXPECT_EQ(since("0m"), NOW);
}

TEST(OpsSince, DatesStartAtMidnightUtc) {
  EXPECT_EQ(since("2026-11-27"), NOW - 10 * 3600);
  EXPECT_EQ(since("1970-01-01"), 0);
  EXPECT_EQ(since("2024-02-29"), 1709164800);
}

TEST(OpsSince, TimestampsAreUtcUnlessTheyCarryAnOffset) {
  EXPECT_EQ(since("2026-11-27T10:00"), NOW);
  EXPECT_EQ(since("2026-11-27 10:00:00"), NOW);
  EXPECT_EQ(since("2026-11-27T10:00:00Z"), NOW);
  EXPECT_EQ(since("2026-11-27T10:00:00.25Z"), NOW + 0.25);
  EXPECT_EQ(since("2026-11-27T11:00:00+01:00"), NOW);
  EXPECT_EQ(since("2026-11-27T05:30:00-0430"), NOW);
  EXPECT_EQ(since("2026-11-27T12:00:00+02"), NOW);
}

TEST(OpsSince, AllMeansNoLimit) {
  auto parsed = parse_since("all", NOW);
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->has_value());
}

TEST(OpsSince, ErrorsNameTheValueAndListTheAcceptedForms) {
  EXPECT_EQ(
      error_of("yesterday"),
      "--since \"yesterday\" is not a duration or a date; use a duration back from now (45s, 30m, 6h, 2d, "
      "1w), a date (2026-11-27, from midnight UTC), a timestamp (2026-11-27T10:00:00, UTC unless it ends in "
      "Z or an offset such as +01:00), or \"all\"");
  EXPECT_EQ(parse_since("yesterday", NOW).error().code, "bad_since");
  EXPECT_NE(error_of("3x").find("--since \"3x\" has an unknown unit (use s, m, h, d or w); use "),
            std::string::npos);
  EXPECT_NE(error_of("2026-02-30").find("is not a calendar date"), std::string::npos);
  EXPECT_NE(error_of("2026-11-27T25:00").find("is not a time of day"), std::string::npos);
  EXPECT_NE(error_of("2026-11-27T10:00+19:00").find("has an impossible UTC offset"), std::string::npos);
  EXPECT_NE(error_of("").find("is empty"), std::string::npos);
  error_of("2026-11-27T10");
  error_of("2026-11-27 10:00:00 tomorrow");
  error_of("1.5h");
  error_of("-2d");
  error_of("h");
  EXPECT_NE(error_of("99999999w").find("reaches back more than 100 years"), std::string::npos);
}

TEST(OpsSince, FormatsEpochSecondsAsUtc) {
  EXPECT_EQ(format_utc(NOW), "2026-11-27 10:00:00 UTC");
  EXPECT_EQ(format_utc(NOW + 0.9), "2026-11-27 10:00:00 UTC");
  EXPECT_EQ(format_utc(0), "1970-01-01 00:00:00 UTC");
}

}  // namespace
}  // namespace s3load::ops
