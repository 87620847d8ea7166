#include "pg/database_session.h"

#include <chrono>
#include <random>
#include <thread>

#include "core/log.h"
#include "pg/conninfo.h"
#include "pg/schema.h"
#include "pg/timeouts.h"

namespace s3load::pg {

std::string database_url_from_environment(const EnvironmentLookup& lookup) {
  if (auto url = lookup("S3LOAD_DATABASE_URL")) return *url;
  if (auto url = lookup("DATABASE_URL")) return *url;
  return "";
}

DatabaseSession::DatabaseSession(std::function<std::string()> conninfo, std::string application_name)
    : m_conninfo(std::move(conninfo)), m_application_name(std::move(application_name)) {
  auto timeout = statement_timeout_from_environment();
  if (timeout) {
    m_statement_timeout = *timeout;
  } else {
    m_setting_error = timeout.error();
  }
}

namespace {

// The conninfo as libpq will see it: parsed and written back quoted, or a bad_database_url error that
// repeats none of it.
std::string checked_conninfo(const std::string& text) {
  auto settings = parse_conninfo(text, "the database URL (S3LOAD_DATABASE_URL or DATABASE_URL)");
  if (!settings) {
    Error error = settings.error();
    error.error_class = ErrorClass::transient;
    throw DatabaseError(std::move(error), {});
  }
  return to_conninfo(*settings);
}

}  // namespace

Connection& DatabaseSession::connection() {
  if (m_connection && m_connection->usable() && !m_connection->in_transaction()) return *m_connection;
  discard();
  if (m_setting_error) {
    Error error = *m_setting_error;
    error.error_class = ErrorClass::transient;
    throw DatabaseError(std::move(error), {});
  }
  constexpr int ATTEMPTS = 3;
  std::mt19937 random(std::random_device{}());
  for (int attempt = 1;; ++attempt) {
    try {
      auto connection = Connection::connect(checked_conninfo(m_conninfo()), m_application_name);
      if (m_statement_timeout.count() > 0)
        connection->exec("SET statement_timeout = " + std::to_string(m_statement_timeout.count()));
      {
        std::lock_guard lock(m_cancel_mutex);
        m_connection = std::move(connection);
      }
      if (!m_migrated) {
        migrate(*m_connection);
        m_migrated = true;
      }
      return *m_connection;
    } catch (const DatabaseError& error) {
      discard();
      // Only an unreachable server is worth another quick try: a refused login or a malformed URL
      // waits for an operator.
      const bool worth_retrying =
          error.error().code == "db_unreachable" || error.error().code == "connection_failure";
      if (!error.error().is_transient() || !worth_retrying || attempt >= ATTEMPTS) throw;
      log(LogLevel::warn, "database connection failed; retrying",
          {{"attempt", attempt},
           {"error_code", error.error().code},
           {"error_message", error.error().message}});
      const int ceiling = 200 << attempt;
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(ceiling / 2, ceiling)(random)));
    }
  }
}

void DatabaseSession::discard() {
  std::unique_ptr<Connection> old;
  {
    std::lock_guard lock(m_cancel_mutex);
    old = std::move(m_connection);
  }
  // `old` closes here, outside the lock: closing may wait on the network.
}

void DatabaseSession::cancel() noexcept {
  std::lock_guard lock(m_cancel_mutex);
  if (m_connection) m_connection->cancel();
}

}  // namespace s3load::pg
