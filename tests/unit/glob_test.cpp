#include "feeds/glob.h"

#include <gtest/gtest.h>

namespace s3load {
namespace {

TEST(Glob, StarStaysWithinOneSegment) {
  EXPECT_TRUE(glob_matches("acme/orders/*.csv", "acme/orders/2026-11-27.csv"));
  EXPECT_TRUE(glob_matches("acme/orders/*.csv", "acme/orders/.csv"));
  EXPECT_FALSE(glob_matches("acme/orders/*.csv", "acme/orders/archive/2026.csv"));
  EXPECT_FALSE(glob_matches("acme/orders/*.csv", "acme/orders/2026.csv.gz"));
}

TEST(Glob, DoubleStarCrossesSegments) {
  EXPECT_TRUE(glob_matches("acme/**/*.csv", "acme/orders/2026/11/x.csv"));
  EXPECT_TRUE(glob_matches("acme/**/*.csv", "acme/x.csv"));
  EXPECT_TRUE(glob_matches("**/*.csv", "x.csv"));
  EXPECT_TRUE(glob_matches("**", "anything/at/all"));
  EXPECT_TRUE(glob_matches("acme/**", "acme/a/b"));
  EXPECT_FALSE(glob_matches("acme/**/*.csv", "other/x.csv"));
}

TEST(Glob, QuestionMarkIsOneCharacterButNeverASlash) {
  EXPECT_TRUE(glob_matches("file?.csv", "file1.csv"));
  EXPECT_FALSE(glob_matches("file?.csv", "file12.csv"));
  EXPECT_FALSE(glob_matches("a?b", "a/b"));
}

TEST(Glob, MatchesDecodedKeysWithSpacesPlusAndUnicode) {
  EXPECT_TRUE(glob_matches("vendor/*.csv", "vendor/vendor upload Q1.csv"));
  EXPECT_TRUE(glob_matches("vendor/*.csv", "vendor/a+b.csv"));
  EXPECT_TRUE(glob_matches("vendor/*.csv", "vendor/café résumé.csv"));
}

TEST(Glob, BacktracksAcrossSeveralStars) {
  EXPECT_TRUE(glob_matches("*_orders_*.csv", "acme_orders_orders_1.csv"));
  EXPECT_FALSE(glob_matches("*_orders_*.csv", "acme_order_1.csv"));
}

TEST(Glob, ValidationNamesTheProblem) {
  EXPECT_EQ(validate_glob("acme/*.csv"), std::nullopt);
  EXPECT_EQ(validate_glob("acme/**/x.csv"), std::nullopt);
  EXPECT_EQ(validate_glob(""), "the pattern is empty");
  EXPECT_NE(validate_glob("/acme/*.csv")->find("leading slash"), std::string::npos);
  EXPECT_NE(validate_glob("acme/x**.csv")->find("'**' must be a whole path segment"), std::string::npos);
  EXPECT_NE(validate_glob("acme/[ab].csv")->find("not supported"), std::string::npos);
}

}  // namespace
}  // namespace s3load
