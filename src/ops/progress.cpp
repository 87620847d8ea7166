#include "ops/progress.h"

#include <cmath>
#include <cstdio>
#include <vector>

#include "ops/text_table.h"

namespace s3load::ops {

namespace {

double rate(double amount, double seconds) {
  return seconds > 0 ? amount / seconds : 0;
}

std::string one_decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

}  // namespace

std::optional<double> eta_seconds(const ProgressSnapshot& progress) {
  if (progress.files_done == 0 || progress.elapsed_seconds <= 0) return std::nullopt;
  if (progress.files_done >= progress.files_total) return 0.0;
  if (progress.bytes_total > 0 && progress.bytes_done > 0) {
    const double remaining =
        static_cast<double>(progress.bytes_total - std::min(progress.bytes_done, progress.bytes_total));
    return remaining / rate(static_cast<double>(progress.bytes_done), progress.elapsed_seconds);
  }
  const double remaining = static_cast<double>(progress.files_total - progress.files_done);
  return remaining / rate(static_cast<double>(progress.files_done), progress.elapsed_seconds);
}

std::string format_bytes(std::uint64_t bytes) {
  static constexpr const char* UNITS[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(UNITS)) {
    value /= 1024;
    ++unit;
  }
  return one_decimal(value) + " " + UNITS[unit];
}

std::string format_duration(double seconds) {
  const auto total = static_cast<long long>(std::llround(std::max(0.0, seconds)));
  char text[32];
  if (total < 60)
    std::snprintf(text, sizeof text, "%llds", total);
  else if (total < 3600)
    std::snprintf(text, sizeof text, "%lldm%02llds", total / 60, total % 60);
  else
    std::snprintf(text, sizeof text, "%lldh%02lldm", total / 3600, (total % 3600) / 60);
  return text;
}

std::string render_progress_line(const ProgressSnapshot& progress, std::size_t width) {
  const double fraction =
      progress.files_total == 0
          ? 1.0
          : (progress.bytes_total > 0
                 ? static_cast<double>(std::min(progress.bytes_done, progress.bytes_total)) /
                       static_cast<double>(progress.bytes_total)
                 : static_cast<double>(progress.files_done) / static_cast<double>(progress.files_total));
  const std::string files = format_count(static_cast<long long>(progress.files_done)) + "/" +
                            format_count(static_cast<long long>(progress.files_total)) + " files";
  const std::string percent = std::to_string(static_cast<int>(std::floor(fraction * 100))) + "%";
  const std::string rows = format_count(progress.rows) + " rows";
  const std::string bytes = format_bytes(progress.bytes_done);
  const std::string speed =
      one_decimal(rate(static_cast<double>(progress.files_done), progress.elapsed_seconds)) + " files/s";
  const auto eta = eta_seconds(progress);
  const std::string eta_text = "ETA " + (eta ? format_duration(*eta) : std::string("-"));
  std::string problems;
  if (progress.rejected)
    problems += "  " + format_count(static_cast<long long>(progress.rejected)) + " rejected";
  if (progress.failed) problems += "  " + format_count(static_cast<long long>(progress.failed)) + " failed";

  // Parts in display order; when the line is too narrow the lowest `keep` goes first (rate, bytes, ETA,
  // rows); files and percentage always stay.
  struct Part {
    std::string text;
    int keep;
  };
  std::vector<Part> parts = {{files, 9}, {percent, 9}, {rows, 4}, {bytes, 2}, {speed, 1}, {eta_text, 3}};
  const auto join = [&](const std::string& bar) {
    std::string line = parts[0].text + "  " + parts[1].text;
    if (!bar.empty()) line += " " + bar;
    for (std::size_t i = 2; i < parts.size(); ++i)
      line += "  " + parts[i].text;
    return line + problems;
  };
  constexpr std::size_t MIN_BAR = 10;  // inside the brackets
  constexpr std::size_t MAX_BAR = 30;
  while (true) {
    const std::size_t text = display_width(join(""));
    if (text + 1 + 2 + MIN_BAR <= width) {
      const std::size_t inner = std::min(MAX_BAR, width - text - 1 - 2);
      const auto filled = static_cast<std::size_t>(std::floor(fraction * static_cast<double>(inner)));
      return join("[" + std::string(filled, '#') + std::string(inner - filled, '.') + "]");
    }
    auto least = parts.end();
    for (auto part = parts.begin() + 2; part != parts.end(); ++part)
      if (least == parts.end() || part->keep < least->keep) least = part;
    if (least == parts.end()) break;
    parts.erase(least);
  }
  return fit_cell(join(""), width);
}

nlohmann::json progress_json(const ProgressSnapshot& progress) {
  const auto eta = eta_seconds(progress);
  return {{"files_done", progress.files_done},
          {"files_total", progress.files_total},
          {"loaded", progress.loaded},
          {"duplicate", progress.duplicate},
          {"rejected", progress.rejected},
          {"failed", progress.failed},
          {"rows", progress.rows},
          {"bytes_done", progress.bytes_done},
          {"bytes_total", progress.bytes_total},
          {"elapsed_s", std::round(progress.elapsed_seconds * 10) / 10},
          {"files_per_s",
           std::round(rate(static_cast<double>(progress.files_done), progress.elapsed_seconds) * 10) / 10},
          {"eta_s", eta ? nlohmann::json(std::round(*eta)) : nlohmann::json()}};
}

}  // namespace s3load::ops
