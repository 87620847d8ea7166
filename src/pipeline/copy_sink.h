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
};

class ConnectionCopySink : public CopySink {
 public:
  explicit ConnectionCopySink(pg::Connection& connection) : m_connection(connection) {}
  void begin(const std::string& copy_sql) override { m_connection.copy_begin(copy_sql); }
  void put(std::string_view data) override { m_connection.copy_put(data); }
  std::int64_t end() override { return m_connection.copy_end(); }
  void abort(const std::string& reason) noexcept override { m_connection.copy_abort(reason); }

 private:
  pg::Connection& m_connection;
};

// Counts rows, stores nothing.
class DiscardingCopySink : public CopySink {
 public:
  void begin(const std::string&) override { m_rows = 0; }
  void put(std::string_view) override {}
  std::int64_t end() override { return m_rows; }
  void abort(const std::string&) noexcept override {}
  void count_row() { ++m_rows; }

 private:
  std::int64_t m_rows = 0;
};

}  // namespace s3load
