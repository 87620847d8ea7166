// Where encoded COPY rows go: a PostgreSQL connection, or nowhere (s3load check validates only).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pg/connection.h"

namespace s3load {

class CopySink {
 public:
  virtual ~CopySink() = default;
  virtual void begin(const std::string& copy_sql) = 0;
  virtual void put(std::string_view data) = 0;
  // Rows stored by the server. Throws pg::DatabaseError when the server rejected the data.
  virtual std::int64_t end() = 0;
  virtual void abort(const std::string& reason) noexcept = 0;
  // Statements around COPY batches (SAVEPOINT / RELEASE / ROLLBACK TO). Throws pg::DatabaseError.
  virtual void exec(const std::string& sql) = 0;
};

class ConnectionCopySink : public CopySink {
 public:
  explicit ConnectionCopySink(pg::Connection& connection) : m_connection(connection) {}
  void begin(const std::string& copy_sql) override { m_connection.copy_begin(copy_sql); }
  void put(std::string_view data) override { m_connection.copy_put(data); }
  std::int64_t end() override { return m_connection.copy_end(); }
  void abort(const std::string& reason) noexcept override { m_connection.copy_abort(reason); }
  void exec(const std::string& sql) override { m_connection.exec(sql); }

 private:
  pg::Connection& m_connection;
};

// Stores nothing (s3load check: validation only).
class DiscardingCopySink : public CopySink {
 public:
  void begin(const std::string&) override {}
  void put(std::string_view) override {}
  std::int64_t end() override { return 0; }
  void abort(const std::string&) noexcept override {}
  void exec(const std::string&) override {}
};

}  // namespace s3load
