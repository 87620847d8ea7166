#include "lambda/deadline.h"

#include <algorithm>

namespace s3load::lambda {

Milliseconds deadline_margin(Milliseconds remaining, std::optional<Milliseconds> configured) {
  if (configured) return *configured;
  return std::max(MIN_DEADLINE_MARGIN, remaining * DEADLINE_MARGIN_PERCENT / 100);
}

Milliseconds time_until_abort(std::int64_t deadline_epoch_ms, std::int64_t now_epoch_ms,
                              std::optional<Milliseconds> configured_margin) {
  const Milliseconds remaining{deadline_epoch_ms - now_epoch_ms};
  return remaining - deadline_margin(remaining, configured_margin);
}

DeadlineWatch::DeadlineWatch(std::chrono::steady_clock::time_point abort_at, CancelFlag& flag,
                             std::function<void()> on_abort)
    : m_flag(flag), m_on_abort(std::move(on_abort)), m_thread([this, abort_at] { run(abort_at); }) {}

DeadlineWatch::~DeadlineWatch() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_changed.notify_all();
  m_thread.join();
}

bool DeadlineWatch::fired() const {
  std::lock_guard lock(m_mutex);
  return m_fired;
}

void DeadlineWatch::run(std::chrono::steady_clock::time_point abort_at) {
  {
    std::unique_lock lock(m_mutex);
    // A steady clock: wall-clock corrections must not move the abort.
    if (m_changed.wait_until(lock, abort_at, [this] { return m_stopping; })) return;
    // The flag first: whoever sees fired() must also see the flag.
    m_flag.store(true);
    m_fired = true;
  }
  // One cancel request: it stops the statement running now (a COPY, or a lock wait). Statements that
  // start later are not cancelled again, so the ledger write that records the failure goes through; the
  // loader and the S3 stream see the flag before their next step.
  if (m_on_abort) m_on_abort();
}

}  // namespace s3load::lambda
