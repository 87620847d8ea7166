#include "pipeline/pipelined_copy_sink.h"

namespace s3load {

PipelinedCopySink::PipelinedCopySink(CopySink& inner) : m_inner(inner) {}

PipelinedCopySink::~PipelinedCopySink() {
  // Unwinding from a failed load: whatever is queued will be rolled back anyway, do not send it.
  {
    std::lock_guard lock(m_mutex);
    m_queue.clear();
  }
  stop_sender();
}

void PipelinedCopySink::begin(const std::string& copy_sql) {
  stop_sender();
  m_inner.begin(copy_sql);
  m_buffer.clear();
  m_buffer.reserve(BUFFER_BYTES + 64 * 1024);
  m_closing = false;
  m_failure = nullptr;
  m_sender = std::thread([this] { send_loop(); });
}

void PipelinedCopySink::put(std::string_view data) {
  m_buffer.append(data);
  if (m_buffer.size() >= BUFFER_BYTES) hand_over();
}

void PipelinedCopySink::hand_over() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [this] { return m_queue.size() < QUEUE_BUFFERS || m_failure; });
  if (m_failure) {
    lock.unlock();
    rethrow_sender_failure();
  }
  std::string next;
  if (!m_spare.empty()) {
    next = std::move(m_spare.front());
    m_spare.pop_front();
  }
  m_queue.push_back(std::move(m_buffer));
  m_buffer = std::move(next);
  m_buffer.clear();
  lock.unlock();
  m_changed.notify_all();
}

void PipelinedCopySink::send_loop() {
  for (;;) {
    std::string buffer;
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [this] { return !m_queue.empty() || m_closing; });
      if (m_queue.empty()) return;
      buffer = std::move(m_queue.front());
      m_queue.pop_front();
    }
    m_changed.notify_all();
    try {
      m_inner.put(buffer);
    } catch (...) {
      std::lock_guard lock(m_mutex);
      m_failure = std::current_exception();
      m_queue.clear();
      m_changed.notify_all();
      return;
    }
    buffer.clear();
    std::lock_guard lock(m_mutex);
    if (m_spare.size() < QUEUE_BUFFERS) m_spare.push_back(std::move(buffer));
  }
}

void PipelinedCopySink::stop_sender() noexcept {
  if (!m_sender.joinable()) return;
  {
    std::lock_guard lock(m_mutex);
    m_closing = true;
  }
  m_changed.notify_all();
  m_sender.join();
}

void PipelinedCopySink::rethrow_sender_failure() {
  std::exception_ptr failure;
  {
    std::lock_guard lock(m_mutex);
    failure = m_failure;
  }
  if (failure) {
    stop_sender();
    std::rethrow_exception(failure);
  }
}

std::int64_t PipelinedCopySink::end() {
  if (!m_buffer.empty()) hand_over();
  stop_sender();  // drains the queue first: the sender only leaves when it is empty
  rethrow_sender_failure();
  return m_inner.end();
}

void PipelinedCopySink::abort(const std::string& reason) noexcept {
  {
    std::lock_guard lock(m_mutex);
    m_queue.clear();
  }
  stop_sender();
  m_buffer.clear();
  m_inner.abort(reason);
}

void PipelinedCopySink::exec(const std::string& sql) {
  stop_sender();
  m_inner.exec(sql);
}

}  // namespace s3load
