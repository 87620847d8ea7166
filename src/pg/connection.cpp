#include "pg/connection.h"

#include <charconv>
#include <cstdlib>

#include "core/log.h"
#include "pg/sqlstate.h"

namespace s3load::pg {

namespace {

constexpr std::size_t COPY_BUFFER_BYTES = 1 << 20;  // large writes: fewer syscalls and CopyData messages

std::string field(const PGresult* result, int code) {
  const char* value = result ? PQresultErrorField(result, code) : nullptr;
  return value ? value : "";
}

std::string trim_trailing_newlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

DatabaseError make_error(PGconn* conn, const PGresult* result, std::string_view what) {
  DatabaseError::Fields fields;
  fields.sqlstate = field(result, PG_DIAG_SQLSTATE);
  fields.primary = field(result, PG_DIAG_MESSAGE_PRIMARY);
  fields.detail = field(result, PG_DIAG_MESSAGE_DETAIL);
  fields.hint = field(result, PG_DIAG_MESSAGE_HINT);
  fields.context = field(result, PG_DIAG_CONTEXT);
  fields.constraint = field(result, PG_DIAG_CONSTRAINT_NAME);
  fields.column = field(result, PG_DIAG_COLUMN_NAME);
  if (fields.primary.empty()) fields.primary = trim_trailing_newlines(PQerrorMessage(conn));
  if (fields.primary.empty()) fields.primary = "connection to the database was lost";

  const bool connection_lost = PQstatus(conn) != CONNECTION_OK;
  ErrorClass error_class = classify_sqlstate(fields.sqlstate);
  if (connection_lost) error_class = ErrorClass::transient;
  std::string message = std::string(what) + ": " + fields.primary;
  if (!fields.detail.empty()) message += " (" + fields.detail + ")";
  std::string code =
      connection_lost && fields.sqlstate.empty() ? "db_unreachable" : code_for_sqlstate(fields.sqlstate);
  return DatabaseError(Error{error_class, std::move(code), std::move(message)}, std::move(fields));
}

}  // namespace

std::int64_t QueryResult::integer(int row, int column) const {
  const auto value = text(row, column);
  std::int64_t number = 0;
  std::from_chars(value.data(), value.data() + value.size(), number);
  return number;
}

namespace {

// A refused login has no SQLSTATE in libpq's connect API, only the server's message: these are the
// server's (English) texts for 28P01, 28000 and a missing CONNECT privilege (42501).
bool login_refused(std::string_view message) {
  for (const std::string_view text :
       {"password authentication failed", "no pg_hba.conf entry", "pg_hba.conf rejects connection",
        "permission denied for database", "authentication failed for user", "does not have CONNECT privilege",
        "password is required", "SASL authentication"}) {
    if (message.find(text) != std::string_view::npos) return true;
  }
  return message.find("role \"") != std::string_view::npos &&
         message.find("does not exist") != std::string_view::npos;
}

}  // namespace

std::unique_ptr<Connection> Connection::connect(const std::string& conninfo,
                                                const std::string& application_name) {
  // Keyword/value arrays let us add options to either a URI or a keyword string: expand_dbname=1 makes
  // libpq parse "dbname" as a full connection string, whose settings override the keywords before it.
  // So these are defaults the user's conninfo can change: keepalives and tcp_user_timeout turn a
  // server that vanished (a network partition, a failover) into an error instead of a wait forever.
  std::vector<const char*> keywords = {"keepalives",       "keepalives_idle",  "keepalives_interval",
                                       "keepalives_count", "tcp_user_timeout", "fallback_application_name"};
  std::vector<const char*> values = {"1", "30", "10", "3", "60000", application_name.c_str()};
  // PGCONNECT_TIMEOUT would lose to an explicit keyword: the default applies only when it is unset.
  if (!std::getenv("PGCONNECT_TIMEOUT")) {
    keywords.push_back("connect_timeout");
    values.push_back("10");
  }
  keywords.push_back("dbname");
  values.push_back(conninfo.c_str());
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (!conn)
    throw DatabaseError(transient_error("db_unreachable", "out of memory connecting to PostgreSQL"), {});
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = trim_trailing_newlines(PQerrorMessage(conn));
    PQfinish(conn);
    // Unreachable, refused, or bad credentials: all transient, because a file we cannot record in the
    // ledger must be retried (and reach the dead-letter queue), never acknowledged. A refused login is
    // an operator's fault and says so (access_denied).
    throw DatabaseError(transient_error(login_refused(message) ? "access_denied" : "db_unreachable",
                                        "cannot connect to PostgreSQL: " + message),
                        {});
  }
  return std::unique_ptr<Connection>(new Connection(conn));
}

namespace {

// Server notices ("relation already exists, skipping") go to the JSON log at debug level, never raw to
// stderr.
void log_notice(void*, const char* message) {
  std::string text(message ? message : "");
  while (!text.empty() && text.back() == '\n')
    text.pop_back();
  log(LogLevel::debug, "database notice", {{"notice", text}});
}

}  // namespace

Connection::Connection(PGconn* conn) : m_conn(conn), m_cancel(PQgetCancel(conn)) {
  PQsetClientEncoding(m_conn, "UTF8");
  PQsetNoticeProcessor(m_conn, &log_notice, nullptr);
}

Connection::~Connection() {
  if (m_cancel) PQfreeCancel(m_cancel);
  PQfinish(m_conn);
}

void Connection::throw_error(PGresult* result, std::string_view what) {
  DatabaseError error = make_error(m_conn, result, what);
  if (result) PQclear(result);
  throw error;
}

QueryResult Connection::exec(const std::string& sql) {
  // The simple protocol: allows several statements (migrations) and needs no parameters.
  PGresult* result = PQexec(m_conn, sql.c_str());
  const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_error(result, "query failed");
  return QueryResult(result);
}

QueryResult Connection::exec(const std::string& sql, const Params& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params)
    values.push_back(param ? param->c_str() : nullptr);
  PGresult* result = PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                  values.data(), nullptr, nullptr, 0);
  const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_error(result, "query failed");
  return QueryResult(result);
}

void Connection::copy_begin(const std::string& sql) {
  PGresult* result = PQexec(m_conn, sql.c_str());
  if (!result || PQresultStatus(result) != PGRES_COPY_IN) throw_error(result, "COPY could not start");
  PQclear(result);
  m_in_copy = true;
  m_copy_buffer.clear();
  m_copy_buffer.reserve(COPY_BUFFER_BYTES + 64 * 1024);
}

void Connection::copy_put(std::string_view data) {
  if (m_copy_buffer.empty() && data.size() >= COPY_BUFFER_BYTES) {
    // Already a large write: hand it to libpq without another copy.
    if (PQputCopyData(m_conn, data.data(), static_cast<int>(data.size())) != 1) {
      m_in_copy = false;
      throw_error(PQgetResult(m_conn), "sending COPY data failed");
    }
    return;
  }
  m_copy_buffer.append(data);
  if (m_copy_buffer.size() >= COPY_BUFFER_BYTES) flush_copy_buffer();
}

void Connection::flush_copy_buffer() {
  if (m_copy_buffer.empty()) return;
  if (PQputCopyData(m_conn, m_copy_buffer.data(), static_cast<int>(m_copy_buffer.size())) != 1) {
    m_in_copy = false;
    throw_error(PQgetResult(m_conn), "sending COPY data failed");
  }
  m_copy_buffer.clear();
}

std::int64_t Connection::copy_end() {
  flush_copy_buffer();
  m_in_copy = false;
  if (PQputCopyEnd(m_conn, nullptr) != 1) throw_error(PQgetResult(m_conn), "finishing COPY failed");
  PGresult* result = PQgetResult(m_conn);
  if (!result || PQresultStatus(result) != PGRES_COMMAND_OK) {
    // Drain the remaining results so the connection is ready for ROLLBACK.
    DatabaseError error = make_error(m_conn, result, "COPY failed");
    if (result) PQclear(result);
    while (PGresult* rest = PQgetResult(m_conn))
      PQclear(rest);
    throw error;
  }
  const std::string tuples = PQcmdTuples(result);
  PQclear(result);
  while (PGresult* rest = PQgetResult(m_conn))
    PQclear(rest);
  std::int64_t rows = 0;
  std::from_chars(tuples.data(), tuples.data() + tuples.size(), rows);
  return rows;
}

void Connection::copy_abort(const std::string& reason) noexcept {
  if (!m_in_copy) return;
  m_in_copy = false;
  m_copy_buffer.clear();
  if (PQputCopyEnd(m_conn, reason.c_str()) == 1) {
    while (PGresult* rest = PQgetResult(m_conn))
      PQclear(rest);
  }
}

void Connection::cancel() noexcept {
  if (!m_cancel) return;
  char error[256];
  PQcancel(m_cancel, error, sizeof error);
}

bool Connection::usable() const {
  return PQstatus(m_conn) == CONNECTION_OK;
}

bool Connection::in_transaction() const {
  return PQtransactionStatus(m_conn) != PQTRANS_IDLE;
}

std::string Connection::quote_identifier(std::string_view identifier) const {
  char* quoted = PQescapeIdentifier(m_conn, identifier.data(), identifier.size());
  if (!quoted)
    throw Failure(permanent_error("bad_identifier", "cannot quote identifier " + std::string(identifier)));
  std::string text(quoted);
  PQfreemem(quoted);
  return text;
}

std::string Connection::quote_literal(std::string_view literal) const {
  char* quoted = PQescapeLiteral(m_conn, literal.data(), literal.size());
  if (!quoted) throw Failure(permanent_error("bad_literal", "cannot quote a literal"));
  std::string text(quoted);
  PQfreemem(quoted);
  return text;
}

std::string quote_table(const Connection& connection, std::string_view schema, std::string_view table) {
  return connection.quote_identifier(schema) + "." + connection.quote_identifier(table);
}

}  // namespace s3load::pg
