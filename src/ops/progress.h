// Backfill progress: counters, the one-line bar drawn on a terminal and the JSON line written on a pipe.
// Pure: the drawing and its timing live in src/ops/progress_display.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace s3load::ops {

struct ProgressSnapshot {
  std::uint64_t files_total = 0;
  std::uint64_t files_done = 0;  // every finished object, whatever its outcome
  std::uint64_t loaded = 0;
  std::uint64_t duplicate = 0;  // already loaded (found while loading) or superseded
  std::uint64_t rejected = 0;
  std::uint64_t failed = 0;
  std::uint64_t bytes_total = 0;  // sizes from the listing
  std::uint64_t bytes_done = 0;   // sizes of finished objects
  std::int64_t rows = 0;          // rows loaded
  double elapsed_seconds = 0;
};

// Seconds until the end at the rate so far: by bytes when sizes are known, else by files. nullopt before
// anything finished.
std::optional<double> eta_seconds(const ProgressSnapshot& progress);

// " 312/500 files  62% [##########......] 9,360 rows  1.2 MiB  45.3 files/s  ETA 4s", fitted to `width`
// (the bar shrinks first, then the least useful parts are left out).
std::string render_progress_line(const ProgressSnapshot& progress, std::size_t width);

// {"files_done":…,"files_total":…,"loaded":…,"duplicate":…,"rejected":…,"failed":…,"rows":…,
//  "bytes_done":…,"bytes_total":…,"elapsed_s":…,"files_per_s":…,"eta_s":…|null}
nlohmann::json progress_json(const ProgressSnapshot& progress);

// 1536 → "1.5 KiB"; below 1 KiB in bytes ("512 B").
std::string format_bytes(std::uint64_t bytes);

// 4 → "4s", 65 → "1m05s", 3725 → "1h02m".
std::string format_duration(double seconds);

}  // namespace s3load::ops
