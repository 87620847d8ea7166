// Structured logs: one JSON object per line on stderr (CloudWatch Logs keeps each line as an event).
// Fields identify the object (bucket, key, version, request id, outcome); never payload contents or secrets.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace s3load {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

// Reads S3LOAD_LOG_LEVEL once (debug|info|warn|error; default info).
void configure_logging_from_environment();
void set_log_level(LogLevel level);
bool log_enabled(LogLevel level);

// Writes {"timestamp": …, "level": …, "message": …, <fields…>} as one line, atomically.
void log(LogLevel level, std::string_view message, const nlohmann::json& fields = nlohmann::json::object());

// Writes a line exactly as given (EMF metrics documents), atomically, to stdout.
void write_stdout_line(std::string_view line);

}  // namespace s3load
