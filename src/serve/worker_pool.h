// A fixed number of workers, each with its own database connection, S3 client and ingestor, so that at
// most N loads run at once however many pushes arrive. A request borrows a worker for one event.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed_config.h"
#include "pg/database_session.h"
#include "pipeline/ingestor.h"
#include "s3/s3_client.h"
#include "s3/s3_settings.h"

namespace s3load::serve {

struct Worker {
  Worker(const Config& config, const S3Settings& s3_settings, std::function<std::string()> conninfo);

  S3Client s3;
  pg::DatabaseSession database;
  Ingestor ingestor;
};

class WorkerPool {
 public:
  // `conninfo` is asked at each (re)connection, so rotated credentials are picked up.
  WorkerPool(const Config& config, const S3Settings& s3_settings, int size,
             const std::function<std::string()>& conninfo);

  // Returns the worker to the pool when destroyed.
  class Lease {
   public:
    Lease(WorkerPool& pool, Worker& worker) : m_pool(&pool), m_worker(&worker) {}
    Lease(Lease&& other) noexcept : m_pool(other.m_pool), m_worker(other.m_worker) { other.m_pool = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Worker& operator*() const { return *m_worker; }
    Worker* operator->() const { return m_worker; }

   private:
    WorkerPool* m_pool;
    Worker* m_worker;
  };

  // A free worker, waiting up to `wait` for one; nullopt when none came free in time or the pool is closed.
  std::optional<Lease> acquire(std::chrono::milliseconds wait);
  // From now on acquire() returns nullopt at once, and those waiting give up; leases held stay valid.
  void close();
  // Asks the server to cancel the statement each busy worker is running (after the cancel flag is set).
  void cancel_running();
  // Connects one worker's session (and migrates the ledger schema), so a wrong URL shows at start-up.
  // Throws Failure as DatabaseSession::connection() does.
  void warm_up();
  int size() const { return static_cast<int>(m_workers.size()); }

 private:
  void release(Worker& worker);

  std::vector<std::unique_ptr<Worker>> m_workers;
  std::mutex m_mutex;
  std::condition_variable m_released;
  std::vector<Worker*> m_free;
  bool m_closed = false;
};

}  // namespace s3load::serve
