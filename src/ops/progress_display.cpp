#include "ops/progress_display.h"

#include <unistd.h>

#include <chrono>
#include <mutex>

#include "core/log.h"
#include "ops/terminal.h"

namespace s3load::ops {

namespace {

// Carriage return, then ANSI "erase in line" (CSI K): the cursor is at the start of an empty line.
constexpr std::string_view ERASE_LINE = "\r\033[K";

void write_fd(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n <= 0) return;  // a closed terminal must not stop the backfill
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

class TerminalDisplay : public ProgressDisplay {
 public:
  TerminalDisplay(int fd, bool stdout_shares_terminal) : m_fd(fd), m_shared(stdout_shares_terminal) {}

  void update(const ProgressSnapshot& progress) override {
    std::lock_guard lock(m_mutex);
    m_last = progress;
    if (m_drawn_once && progress.elapsed_seconds - m_drawn_at < TERMINAL_REDRAW_SECONDS) return;
    draw();
  }

  void print_line(const std::string& line) override {
    std::lock_guard lock(m_mutex);
    // The bar comes back at the next redraw (within 0.1 s); redrawing here would exceed 10 Hz when
    // outcomes arrive quickly.
    if (m_shared) hide();
    write_stdout_line(line);
  }

  void note(const std::string& text, const nlohmann::json&) override {
    std::lock_guard lock(m_mutex);
    hide();
    write_fd(m_fd, text + "\n");
  }

  void finish(const ProgressSnapshot& progress) override {
    std::lock_guard lock(m_mutex);
    m_last = progress;
    draw();
    write_fd(m_fd, "\n");
    m_visible = false;
  }

 private:
  void draw() {
    // One column less than the screen: writing into the last column would wrap on some terminals.
    const std::size_t width = terminal_width(m_fd, 80);
    std::string line(ERASE_LINE);
    line += render_progress_line(m_last, width > 1 ? width - 1 : width);
    write_fd(m_fd, line);
    m_visible = true;
    m_drawn_once = true;
    m_drawn_at = m_last.elapsed_seconds;
  }

  void hide() {
    if (!m_visible) return;
    write_fd(m_fd, ERASE_LINE);
    m_visible = false;
  }

  std::mutex m_mutex;
  int m_fd;
  bool m_shared;
  ProgressSnapshot m_last;
  bool m_visible = false;
  bool m_drawn_once = false;
  double m_drawn_at = 0;
};

class LogDisplay : public ProgressDisplay {
 public:
  explicit LogDisplay(double interval) : m_interval(interval) {}

  void update(const ProgressSnapshot& progress) override {
    std::lock_guard lock(m_mutex);
    if (progress.elapsed_seconds - m_written_at < m_interval) return;
    m_written_at = progress.elapsed_seconds;
    log(LogLevel::info, "backfill progress", progress_json(progress));
  }

  void print_line(const std::string& line) override { write_stdout_line(line); }

  void note(const std::string& text, const nlohmann::json& fields) override {
    log(LogLevel::info, text, fields);
  }

  void finish(const ProgressSnapshot& progress) override {
    log(LogLevel::info, "backfill progress", progress_json(progress));
  }

 private:
  std::mutex m_mutex;
  double m_interval;
  double m_written_at = 0;
};

}  // namespace

std::unique_ptr<ProgressDisplay> make_terminal_display(int stderr_fd, bool stdout_shares_terminal) {
  return std::make_unique<TerminalDisplay>(stderr_fd, stdout_shares_terminal);
}

std::unique_ptr<ProgressDisplay> make_log_display(double interval_seconds) {
  return std::make_unique<LogDisplay>(interval_seconds);
}

}  // namespace s3load::ops
