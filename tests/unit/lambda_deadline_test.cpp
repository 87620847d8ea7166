// The deadline margin and the watch that aborts a load before Lambda's timeout.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "lambda/deadline.h"

namespace s3load::lambda {
namespace {

using std::chrono::milliseconds;

TEST(LambdaDeadline, TheMarginIsFivePercentAndAtLeastOneSecondUnlessConfigured) {
  EXPECT_EQ(deadline_margin(milliseconds(3000), std::nullopt), milliseconds(1000));
  EXPECT_EQ(deadline_margin(milliseconds(20000), std::nullopt), milliseconds(1000));
  EXPECT_EQ(deadline_margin(milliseconds(60000), std::nullopt), milliseconds(3000));
  EXPECT_EQ(deadline_margin(milliseconds(900000), std::nullopt), milliseconds(45000));
  EXPECT_EQ(deadline_margin(milliseconds(900000), milliseconds(250)), milliseconds(250));
  EXPECT_EQ(deadline_margin(milliseconds(900000), milliseconds(0)), milliseconds(0));
}

TEST(LambdaDeadline, TimeUntilAbortSubtractsTheMarginFromWhatIsLeft) {
  EXPECT_EQ(time_until_abort(1'000'060'000, 1'000'000'000, std::nullopt), milliseconds(57000));
  EXPECT_EQ(time_until_abort(1'000'002'000, 1'000'000'000, milliseconds(500)), milliseconds(1500));
  EXPECT_EQ(time_until_abort(1'000'000'500, 1'000'000'000, std::nullopt), milliseconds(-500));  // at once
}

TEST(LambdaDeadline, TheWatchFiresOnceAtTheAbortTime) {
  CancelFlag flag{false};
  std::atomic<int> calls{0};
  const auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point fired_at;
  {
    DeadlineWatch watch(start + milliseconds(50), flag, [&] {
      fired_at = std::chrono::steady_clock::now();
      ++calls;
    });
    while (!flag.load()) {
      // Waiting on another thread with a bound: the watch must fire well within it.
      ASSERT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
      std::this_thread::yield();
    }
    while (!watch.fired())
      std::this_thread::yield();
  }
  EXPECT_EQ(calls.load(), 1);
  EXPECT_GE(fired_at - start, milliseconds(50));
}

TEST(LambdaDeadline, ADeadlineAlreadyPastFiresAtOnce) {
  CancelFlag flag{false};
  std::atomic<int> calls{0};
  DeadlineWatch watch(std::chrono::steady_clock::now() - milliseconds(10), flag, [&] { ++calls; });
  const auto start = std::chrono::steady_clock::now();
  while (!watch.fired()) {
    ASSERT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
    std::this_thread::yield();
  }
  EXPECT_TRUE(flag.load());
}

TEST(LambdaDeadline, AWatchStoppedBeforeTheDeadlineNeverFires) {
  CancelFlag flag{false};
  std::atomic<int> calls{0};
  {
    DeadlineWatch watch(std::chrono::steady_clock::now() + std::chrono::hours(1), flag, [&] { ++calls; });
    EXPECT_FALSE(watch.fired());
  }  // returns at once: the destructor wakes the watch
  EXPECT_FALSE(flag.load());
  EXPECT_EQ(calls.load(), 0);
}

}  // namespace
}  // namespace s3load::lambda
