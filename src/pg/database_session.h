// One reusable database connection: connected lazily, migrated once, replaced after a failure.
// A Lambda instance keeps one across invocations; the CLI keeps one per worker.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "pg/connection.h"
#include "s3/s3_settings.h"

namespace s3load::pg {

// The libpq connection string to use: S3LOAD_DATABASE_URL, else DATABASE_URL, else "" (libpq then
// reads PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, … itself).
std::string database_url_from_environment(const EnvironmentLookup& lookup = process_environment);

class DatabaseSession {
 public:
  // `conninfo` is asked each time a connection is made, so rotated credentials are picked up.
  DatabaseSession(std::function<std::string()> conninfo, std::string application_name);

  // A usable connection, connecting (with a few quick retries) and migrating when needed.
  // Throws DatabaseError (transient) when the server stays unreachable.
  Connection& connection();
  // Drops the connection (after a failure that may have broken it); the next call reconnects.
  void discard();
  bool connected() const { return m_connection != nullptr; }
  // Asks the server to cancel the running statement; safe from another thread.
  void cancel() noexcept;

 private:
  std::function<std::string()> m_conninfo;
  std::string m_application_name;
  std::mutex m_cancel_mutex;  // guards m_connection against cancel() from another thread
  std::unique_ptr<Connection> m_connection;
  bool m_migrated = false;
};

}  // namespace s3load::pg
