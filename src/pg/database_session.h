// One reusable database connection: connected lazily, migrated once, replaced after a failure.
// A Lambda instance keeps one across invocations; the CLI keeps one per worker.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
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

  // A usable connection, connecting (with a few quick retries) and migrating when needed. The conninfo is
  // parsed here first (src/pg/conninfo.h), so libpq never echoes a malformed one, password included.
  // Throws DatabaseError (transient) when the server stays unreachable, refuses the login
  // (access_denied), or the URL or S3LOAD_STATEMENT_TIMEOUT is malformed (bad_database_url,
  // bad_setting: an operator's fix is awaited, the file is never rejected for it).
  Connection& connection();
  // Drops the connection (after a failure that may have broken it); the next call reconnects.
  void discard();
  bool connected() const { return m_connection != nullptr; }
  // S3LOAD_STATEMENT_TIMEOUT (0: none), set on every connection.
  std::chrono::milliseconds statement_timeout() const { return m_statement_timeout; }
  // Asks the server to cancel the running statement; safe from another thread.
  void cancel() noexcept;

 private:
  std::function<std::string()> m_conninfo;
  std::string m_application_name;
  std::mutex m_cancel_mutex;  // guards m_connection against cancel() from another thread
  std::unique_ptr<Connection> m_connection;
  bool m_migrated = false;
  std::chrono::milliseconds m_statement_timeout{0};
  std::optional<Error> m_setting_error;  // a malformed S3LOAD_STATEMENT_TIMEOUT
};

}  // namespace s3load::pg
