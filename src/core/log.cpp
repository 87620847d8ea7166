#include "core/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <string>

namespace s3load {

namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::info)};
std::mutex g_write_mutex;

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<int>(millis % 1000));
  return text;
}

void write_all(int fd, const std::string& text) {
  std::lock_guard lock(g_write_mutex);
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) return;  // a closed stderr must never take the loader down
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace

void configure_logging_from_environment() {
  const char* value = std::getenv("S3LOAD_LOG_LEVEL");
  if (!value) return;
  const std::string_view text(value);
  if (text == "debug")
    set_log_level(LogLevel::debug);
  else if (text == "warn" || text == "warning")
    set_log_level(LogLevel::warn);
  else if (text == "error")
    set_log_level(LogLevel::error);
  else
    set_log_level(LogLevel::info);
}

void set_log_level(LogLevel level) {
  g_level = static_cast<int>(level);
}

bool log_enabled(LogLevel level) {
  return static_cast<int>(level) >= g_level.load();
}

void log(LogLevel level, std::string_view message, const nlohmann::json& fields) {
  if (!log_enabled(level)) return;
  nlohmann::json line = nlohmann::json::object();
  line["timestamp"] = utc_timestamp();
  line["level"] = level_name(level);
  line["message"] = message;
  if (fields.is_object()) {
    for (const auto& [name, value] : fields.items())
      line[name] = value;
  }
  // Replace invalid UTF-8 instead of throwing: a hostile key must not break logging.
  write_all(STDERR_FILENO, line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

void write_stdout_line(std::string_view line) {
  std::string text(line);
  text += '\n';
  write_all(STDOUT_FILENO, text);
}

}  // namespace s3load
