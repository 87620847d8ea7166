// The progress display's drawing rules, observed on a pipe standing in for the terminal.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "ops/progress_display.h"

namespace s3load::ops {
namespace {

class Pipe {
 public:
  Pipe() { EXPECT_EQ(::pipe2(m_fds, O_NONBLOCK | O_CLOEXEC), 0); }
  ~Pipe() {
    ::close(m_fds[0]);
    ::close(m_fds[1]);
  }
  int write_end() const { return m_fds[1]; }
  std::string drain() {
    std::string text;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(m_fds[0], buffer, sizeof buffer)) > 0)
      text.append(buffer, static_cast<std::size_t>(n));
    return text;
  }

 private:
  int m_fds[2] = {-1, -1};
};

ProgressSnapshot at(double elapsed, std::uint64_t done) {
  ProgressSnapshot progress;
  progress.files_total = 4;
  progress.files_done = done;
  progress.loaded = done;
  progress.elapsed_seconds = elapsed;
  return progress;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto found = text.find(what); found != std::string::npos; found = text.find(what, found + 1))
    ++count;
  return count;
}

TEST(OpsProgressDisplay, RedrawsInPlaceAtMostTenTimesASecond) {
  Pipe terminal;
  auto display = make_terminal_display(terminal.write_end(), false);
  display->update(at(0.00, 0));
  display->update(at(0.05, 1));  // too soon: skipped
  display->update(at(0.10, 1));
  display->update(at(0.15, 2));  // too soon: skipped
  display->update(at(0.31, 3));
  const std::string drawn = terminal.drain();
  EXPECT_EQ(count_of(drawn, "\r\033[K"), 3u) << drawn;
  EXPECT_EQ(drawn.find('\n'), std::string::npos) << "the bar stays on one line";
  EXPECT_NE(drawn.find("\r\033[K0/4 files  0% ["), std::string::npos) << drawn;
  EXPECT_NE(drawn.find("\r\033[K1/4 files  25% ["), std::string::npos) << drawn;
  EXPECT_NE(drawn.find("\r\033[K3/4 files  75% ["), std::string::npos) << drawn;
  EXPECT_EQ(drawn.find("2/4 files"), std::string::npos) << drawn;
}

TEST(OpsProgressDisplay, MessagesEraseTheBarAndTheEndLeavesAFreshLine) {
  Pipe terminal;
  auto display = make_terminal_display(terminal.write_end(), false);
  display->update(at(0, 1));
  display->note("interrupted", {});
  display->finish(at(1, 4));
  display->note("backfill finished", {});
  const std::string drawn = terminal.drain();
  const auto bar = drawn.find("\r\033[K1/4 files");
  const auto erase = drawn.find("\r\033[Kinterrupted\n");
  const auto last = drawn.find("\r\033[K4/4 files  100% [");
  const auto summary = drawn.find("\nbackfill finished\n");
  ASSERT_NE(bar, std::string::npos) << drawn;
  ASSERT_NE(erase, std::string::npos) << drawn;
  ASSERT_NE(last, std::string::npos) << drawn;
  ASSERT_NE(summary, std::string::npos) << drawn;
  EXPECT_LT(bar, erase);
  EXPECT_LT(erase, last);
  EXPECT_LT(last, summary);
  // The final drawing fits the fallback width of 80 columns (one left free).
  EXPECT_LE(summary - last - 4, 79u) << drawn;
}

}  // namespace
}  // namespace s3load::ops
