// A CopySink that sends on its own thread, so PostgreSQL receives rows while the next ones are being
// parsed and encoded: the load then runs at the speed of the slower side instead of the sum of both.
// Memory stays bounded: at most QUEUE_BUFFERS buffers of ~1 MiB wait to be sent (back-pressure).
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

#include "pipeline/copy_sink.h"

namespace s3load {

class PipelinedCopySink : public CopySink {
 public:
  // Sends through `inner` (which must not be used by anyone else until end()/abort() returned).
  explicit PipelinedCopySink(CopySink& inner);
  ~PipelinedCopySink() override;
  PipelinedCopySink(const PipelinedCopySink&) = delete;
  PipelinedCopySink& operator=(const PipelinedCopySink&) = delete;

  void begin(const std::string& copy_sql) override;
  // Buffers; hands full buffers to the sender thread. Rethrows a failure the sender met.
  void put(std::string_view data) override;
  std::int64_t end() override;
  void abort(const std::string& reason) noexcept override;
  void exec(const std::string& sql) override;

 private:
  static constexpr std::size_t BUFFER_BYTES = 1u << 20;
  static constexpr std::size_t QUEUE_BUFFERS = 4;

  void hand_over();
  void send_loop();
  void stop_sender() noexcept;
  void rethrow_sender_failure();

  CopySink& m_inner;
  std::string m_buffer;
  std::thread m_sender;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::string> m_queue;
  std::deque<std::string> m_spare;  // sent buffers, reused to avoid reallocating
  bool m_closing = false;
  std::exception_ptr m_failure;
};

}  // namespace s3load
