#include "serve/worker_pool.h"

#include <algorithm>

namespace s3load::serve {

Worker::Worker(const Config& config, const S3Settings& s3_settings, std::function<std::string()> conninfo)
    : s3(s3_settings), database(std::move(conninfo), "s3load-serve"), ingestor(config, s3, database) {}

WorkerPool::WorkerPool(const Config& config, const S3Settings& s3_settings, int size,
                       const std::function<std::string()>& conninfo) {
  for (int i = 0; i < size; ++i) {
    m_workers.push_back(std::make_unique<Worker>(config, s3_settings, conninfo));
    m_free.push_back(m_workers.back().get());
  }
}

WorkerPool::Lease::~Lease() {
  if (m_pool) m_pool->release(*m_worker);
}

std::optional<WorkerPool::Lease> WorkerPool::acquire(std::chrono::milliseconds wait) {
  std::unique_lock lock(m_mutex);
  if (!m_released.wait_for(lock, wait, [this] { return m_closed || !m_free.empty(); }) || m_closed)
    return std::nullopt;
  Worker* worker = m_free.back();
  m_free.pop_back();
  return Lease(*this, *worker);
}

void WorkerPool::release(Worker& worker) {
  {
    std::lock_guard lock(m_mutex);
    m_free.push_back(&worker);
  }
  m_released.notify_one();
}

void WorkerPool::close() {
  {
    std::lock_guard lock(m_mutex);
    m_closed = true;
  }
  m_released.notify_all();
}

void WorkerPool::cancel_running() {
  std::lock_guard lock(m_mutex);
  for (const auto& worker : m_workers) {
    if (std::find(m_free.begin(), m_free.end(), worker.get()) == m_free.end()) worker->database.cancel();
  }
}

void WorkerPool::warm_up() {
  std::optional<Lease> lease = acquire(std::chrono::milliseconds(0));
  if (lease) (*lease)->database.connection();
}

}  // namespace s3load::serve
