// Where backfill progress goes while objects load:
//  - on a terminal (stderr is a tty): one line redrawn in place ("\r" + ANSI erase-line), at most 10 times
//    a second; outcome lines printed to the same terminal erase the bar first, so it never garbles them;
//  - on a pipe or file: a JSON log line ("backfill progress") every few seconds and at the end.
// Outcome lines always go to stdout, one JSON object per line, as for every command. Thread-safe.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "ops/progress.h"

namespace s3load::ops {

class ProgressDisplay {
 public:
  virtual ~ProgressDisplay() = default;
  // Called by a ticker; draws or writes only when due.
  virtual void update(const ProgressSnapshot& progress) = 0;
  // One outcome JSON line on stdout.
  virtual void print_line(const std::string& line) = 0;
  // A message for the operator: plain text on a terminal, a JSON log line (with `fields`) otherwise.
  virtual void note(const std::string& text, const nlohmann::json& fields) = 0;
  // The final state, always shown; a terminal is left at the start of a fresh line.
  virtual void finish(const ProgressSnapshot& progress) = 0;
};

inline constexpr double TERMINAL_REDRAW_SECONDS = 0.1;  // at most 10 redraws a second
inline constexpr double PIPE_PROGRESS_SECONDS = 2.0;

// `stderr_fd` is the terminal; `stdout_shares_terminal` when outcome lines land on it too.
std::unique_ptr<ProgressDisplay> make_terminal_display(int stderr_fd, bool stdout_shares_terminal);
std::unique_ptr<ProgressDisplay> make_log_display(double interval_seconds = PIPE_PROGRESS_SECONDS);

}  // namespace s3load::ops
