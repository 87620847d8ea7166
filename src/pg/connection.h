// A thin, owning wrapper over a libpq connection. Every failure becomes a DatabaseError classified by
// SQLSTATE (src/pg/sqlstate.h); a lost connection is transient.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace s3load::pg {

// A PostgreSQL error with the fields needed to map it back to a line of the input.
class DatabaseError : public Failure {
 public:
  struct Fields {
    std::string sqlstate;  // empty when the connection failed
    std::string primary;
    std::string detail;
    std::string hint;
    std::string context;  // e.g. "COPY orders, line 3, column qty: \"abc\""
    std::string constraint;
    std::string column;
  };
  DatabaseError(Error error, Fields fields) : Failure(std::move(error)), m_fields(std::move(fields)) {}
  const Fields& fields() const { return m_fields; }

 private:
  Fields m_fields;
};

class QueryResult {
 public:
  explicit QueryResult(PGresult* result) : m_result(result, &PQclear) {}
  int rows() const { return PQntuples(m_result.get()); }
  bool is_null(int row, int column) const { return PQgetisnull(m_result.get(), row, column) != 0; }
  std::string_view text(int row, int column) const {
    return {PQgetvalue(m_result.get(), row, column),
            static_cast<std::size_t>(PQgetlength(m_result.get(), row, column))};
  }
  std::optional<std::string> optional_text(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    return std::string(text(row, column));
  }
  std::int64_t integer(int row, int column) const;
  bool boolean(int row, int column) const { return text(row, column) == "t"; }
  std::string command_tuples() const { return PQcmdTuples(m_result.get()); }
  // The command tag ("COMMIT", "ROLLBACK", "INSERT 0 1", …).
  std::string command_status() const { return PQcmdStatus(m_result.get()); }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> m_result;
};

using Params = std::vector<std::optional<std::string>>;

class Connection {
 public:
  // Connects with a libpq connection string or URI ("" uses the PG* environment variables).
  // Throws DatabaseError (transient) when the server cannot be reached or refuses the login.
  static std::unique_ptr<Connection> connect(const std::string& conninfo,
                                             const std::string& application_name);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  QueryResult exec(const std::string& sql);
  QueryResult exec(const std::string& sql, const Params& params);

  // COPY … FROM STDIN. copy_put buffers and sends in large writes; copy_end finishes and returns the
  // number of rows the server stored. On a server error, copy_end throws the server's DatabaseError.
  void copy_begin(const std::string& sql);
  void copy_put(std::string_view data);
  std::int64_t copy_end();
  // Abandons a COPY in progress (the server rolls the statement back). Never throws.
  void copy_abort(const std::string& reason) noexcept;
  bool in_copy() const { return m_in_copy; }

  // Asks the server to cancel the running statement. Safe to call from another thread.
  void cancel() noexcept;

  // Whether the connection is still usable (a transient failure may have broken it).
  bool usable() const;
  // Whether a transaction is open or failed (not idle).
  bool in_transaction() const;

  std::string quote_identifier(std::string_view identifier) const;
  std::string quote_literal(std::string_view literal) const;
  int server_version() const { return PQserverVersion(m_conn); }
  PGconn* native() { return m_conn; }

 private:
  explicit Connection(PGconn* conn);
  [[noreturn]] void throw_error(PGresult* result, std::string_view what);
  void flush_copy_buffer();

  PGconn* m_conn;
  PGcancel* m_cancel;
  bool m_in_copy = false;
  std::string m_copy_buffer;
};

// Identifiers from configuration are always quoted through libpq (never pasted into SQL).
// "schema"."table"
std::string quote_table(const Connection& connection, std::string_view schema, std::string_view table);

}  // namespace s3load::pg
