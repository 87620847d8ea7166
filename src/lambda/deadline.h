// The invocation deadline: when to stop a load so it rolls back cleanly before Lambda kills the process.
//
// Lambda gives each invocation an absolute deadline (Lambda-Runtime-Deadline-Ms). The load is aborted
// `margin` before it: the margin is S3LOAD_DEADLINE_MARGIN_MS when set, else max(1 s, 5% of the time
// the invocation had when it started), which leaves time to roll back, record the failure in the ledger
// and post /error.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "source/object_source.h"

namespace s3load::lambda {

using Milliseconds = std::chrono::milliseconds;

inline constexpr Milliseconds MIN_DEADLINE_MARGIN{1000};
inline constexpr int DEADLINE_MARGIN_PERCENT = 5;

// The margin for an invocation that had `remaining` when it started (pure).
Milliseconds deadline_margin(Milliseconds remaining, std::optional<Milliseconds> configured);

// How long after `now_epoch_ms` the load must be aborted (may be zero or negative: abort at once).
Milliseconds time_until_abort(std::int64_t deadline_epoch_ms, std::int64_t now_epoch_ms,
                              std::optional<Milliseconds> configured_margin);

// Watches one invocation. At the abort time it sets the cancel flag (the CSV loader and the S3 stream
// give up at their next check) and calls `on_abort` once, from the watch thread (it cancels the running
// SQL statement). Destroying the watch stops it; it never fires afterwards.
class DeadlineWatch {
 public:
  DeadlineWatch(std::chrono::steady_clock::time_point abort_at, CancelFlag& flag,
                std::function<void()> on_abort);
  ~DeadlineWatch();
  DeadlineWatch(const DeadlineWatch&) = delete;
  DeadlineWatch& operator=(const DeadlineWatch&) = delete;

  // Whether the deadline was reached while the watch ran.
  bool fired() const;

 private:
  void run(std::chrono::steady_clock::time_point abort_at);

  CancelFlag& m_flag;
  std::function<void()> m_on_abort;
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  bool m_stopping = false;
  bool m_fired = false;
  std::thread m_thread;  // last: starts once the members above exist
};

}  // namespace s3load::lambda
