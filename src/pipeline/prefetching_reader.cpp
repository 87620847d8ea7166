#include "pipeline/prefetching_reader.h"

#include <utility>

#include "core/error.h"

namespace s3load {

PrefetchingReader::PrefetchingReader(ByteSource& source, const CancelFlag* cancel, std::string cancel_message)
    : m_source(source), m_cancel(cancel), m_cancel_message(std::move(cancel_message)) {
  m_thread = std::thread([this] { run(); });
}

PrefetchingReader::~PrefetchingReader() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_changed.notify_all();
  m_thread.join();
}

void PrefetchingReader::throw_cancelled() const {
  throw Failure(transient_error("cancelled", m_cancel_message));
}

PrefetchingReader::Piece PrefetchingReader::next() {
  if (m_current.last) return Piece{{}, true};
  if (cancelled()) throw_cancelled();
  std::unique_lock lock(m_mutex);
  if (!m_current.bytes.empty()) m_free.push_back(std::move(m_current.bytes));
  m_current = Buffer{};
  m_changed.wait(lock, [this] { return !m_ready.empty() || m_ended; });
  if (m_ready.empty()) {
    // The thread left without a last piece: it met a failure, after every byte before it was handed out.
    lock.unlock();
    std::rethrow_exception(m_failure);
  }
  m_current = std::move(m_ready.front());
  m_ready.pop_front();
  lock.unlock();
  m_changed.notify_all();
  return Piece{std::string_view(m_current.bytes.data(), m_current.size), m_current.last};
}

void PrefetchingReader::run() {
  for (;;) {
    Buffer buffer;
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [this] { return m_ready.size() < BUFFERS || m_stopping; });
      if (m_stopping) return;
      if (!m_free.empty()) {
        buffer.bytes = std::move(m_free.back());
        m_free.pop_back();
      }
    }
    // Allocated on first use only: a small object never costs the whole look-ahead.
    if (buffer.bytes.size() != BUFFER_BYTES) buffer.bytes.resize(BUFFER_BYTES);
    std::exception_ptr failure;
    try {
      fill(buffer);
    } catch (...) {
      failure = std::current_exception();
    }
    const bool done = buffer.last || failure;
    {
      std::lock_guard lock(m_mutex);
      if (buffer.size > 0 || buffer.last) m_ready.push_back(std::move(buffer));
      if (done) {
        m_failure = failure;
        m_ended = true;
      }
    }
    m_changed.notify_all();
    if (done) return;
  }
}

void PrefetchingReader::fill(Buffer& buffer) {
  while (buffer.size < buffer.bytes.size()) {
    if (m_stopping) return;  // the consumer left: nobody will read this piece
    if (cancelled()) throw_cancelled();
    const std::size_t got =
        m_source.read(buffer.bytes.data() + buffer.size, buffer.bytes.size() - buffer.size);
    if (got == 0) {
      buffer.last = true;
      return;
    }
    buffer.size += got;
  }
}

}  // namespace s3load
