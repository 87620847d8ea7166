// Backfill progress: the terminal line, its fitting to narrow screens, ETA and the JSON line.
#include <gtest/gtest.h>

#include "ops/progress.h"
#include "ops/text_table.h"

namespace s3load::ops {
namespace {

ProgressSnapshot halfway() {
  ProgressSnapshot progress;
  progress.files_total = 500;
  progress.files_done = 250;
  progress.loaded = 248;
  progress.rejected = 2;
  progress.bytes_total = 4 * 1024 * 1024;
  progress.bytes_done = 2 * 1024 * 1024;
  progress.rows = 7500;
  progress.elapsed_seconds = 10;
  return progress;
}

TEST(OpsProgress, LineShowsFilesPercentBarRowsBytesRateAndEta) {
  EXPECT_EQ(
      render_progress_line(halfway(), 119),
      "250/500 files  50% [###############...............]  7,500 rows  2.0 MiB  25.0 files/s  ETA 10s  "
      "2 rejected");
}

TEST(OpsProgress, NarrowScreensDropTheLeastUsefulPartsFirst) {
  const auto progress = halfway();
  for (std::size_t width : {100u, 80u, 60u, 50u, 40u, 30u, 20u}) {
    const std::string line = render_progress_line(progress, width);
    EXPECT_LE(display_width(line), width) << line;
    EXPECT_EQ(line.rfind("250/500 files  50%", 0), 0u) << line;
  }
  // The rate goes first, then the bytes, then the ETA; the bar takes what is left, up to 30 characters.
  EXPECT_EQ(render_progress_line(progress, 80),
            "250/500 files  50% [########.........]  7,500 rows  2.0 MiB  ETA 10s  2 rejected");
  EXPECT_EQ(render_progress_line(progress, 60),
            "250/500 files  50% [#######........]  7,500 rows  2 rejected");
  EXPECT_EQ(render_progress_line(progress, 20), "250/500 files  50% …");
}

TEST(OpsProgress, EtaFollowsBytesWhenSizesAreKnownElseFiles) {
  auto progress = halfway();
  EXPECT_DOUBLE_EQ(*eta_seconds(progress), 10);
  progress.bytes_done = 1024 * 1024;  // a quarter of the bytes in 10 s: 30 s to go
  EXPECT_DOUBLE_EQ(*eta_seconds(progress), 30);
  progress.bytes_total = 0;
  progress.bytes_done = 0;
  EXPECT_DOUBLE_EQ(*eta_seconds(progress), 10);
  progress.files_done = 0;
  EXPECT_FALSE(eta_seconds(progress).has_value());
  progress.files_done = 500;
  EXPECT_DOUBLE_EQ(*eta_seconds(progress), 0);
}

TEST(OpsProgress, NothingToDoIsComplete) {
  ProgressSnapshot progress;
  EXPECT_EQ(render_progress_line(progress, 60),
            "0/0 files  100% [######################]  0 rows  0 B  ETA -");
}

TEST(OpsProgress, JsonLineForPipes) {
  EXPECT_EQ(progress_json(halfway()).dump(),
            R"({"bytes_done":2097152,"bytes_total":4194304,"duplicate":0,"elapsed_s":10.0,"eta_s":10.0,)"
            R"("failed":0,"files_done":250,"files_per_s":25.0,"files_total":500,"loaded":248,"rejected":2,)"
            R"("rows":7500})");
}

TEST(OpsProgress, FormatsBytesAndDurations) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(1023), "1023 B");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(5ull * 1024 * 1024 * 1024), "5.0 GiB");
  EXPECT_EQ(format_duration(4.4), "4s");
  EXPECT_EQ(format_duration(65), "1m05s");
  EXPECT_EQ(format_duration(3725), "1h02m");
  EXPECT_EQ(format_duration(-3), "0s");
}

}  // namespace
}  // namespace s3load::ops
