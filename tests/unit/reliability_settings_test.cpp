// S3LOAD_S3_STALL_TIMEOUT_MS: how long an S3 body may deliver nothing before the read is abandoned and
// resumed (tests use a short one to inject stalls).
#include <gtest/gtest.h>

#include <map>

#include "s3/s3_settings.h"

namespace s3load {
namespace {

Result<S3Settings> settings_with(std::map<std::string, std::string> env) {
  env["AWS_ACCESS_KEY_ID"] = "KEY";
  env["AWS_SECRET_ACCESS_KEY"] = "SECRET";
  return s3_settings_from_environment([&](const std::string& name) -> std::optional<std::string> {
    const auto found = env.find(name);
    if (found == env.end()) return std::nullopt;
    return found->second;
  });
}

TEST(StallTimeoutSetting, DefaultsToTwentySeconds) {
  const auto settings = settings_with({});
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->stall_timeout_ms, 20000);
}

TEST(StallTimeoutSetting, TakesMillisecondsFromTheEnvironment) {
  const auto settings = settings_with({{"S3LOAD_S3_STALL_TIMEOUT_MS", "1500"}});
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->stall_timeout_ms, 1500);
}

TEST(StallTimeoutSetting, RefusesWhatIsNotAWholeNumberOfAtLeast100) {
  for (const std::string bad : {"abc", "10s", "-5", "99", "1.5", " 200"}) {
    const auto settings = settings_with({{"S3LOAD_S3_STALL_TIMEOUT_MS", bad}});
    ASSERT_FALSE(settings.ok()) << bad;
    EXPECT_EQ(settings.error().code, "bad_config");
    EXPECT_EQ(
        settings.error().message,
        "S3LOAD_S3_STALL_TIMEOUT_MS must be a whole number of milliseconds >= 100, got \"" + bad + "\"");
  }
}

}  // namespace
}  // namespace s3load
