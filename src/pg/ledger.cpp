#include "pg/ledger.h"

#include <cstdio>

#include "convert/utf8.h"
#include "events/sequencer.h"

namespace s3load::pg {

namespace {

constexpr std::size_t MAX_ERROR_MESSAGE = 4000;
constexpr std::size_t REJECTED_ROWS_PER_STATEMENT = 500;

std::string version_key(const ObjectRef& object) {
  if (object.version_id) return *object.version_id;
  if (object.etag) return *object.etag;
  return "";
}

std::optional<std::string> optional_number(const std::optional<std::int64_t>& value) {
  if (!value) return std::nullopt;
  return std::to_string(*value);
}

std::string epoch_text(double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "%.6f", seconds);
  return text;
}

std::optional<std::string> non_empty(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

// Looks at the loaded versions of the key: this version → duplicate; a newer sequencer → superseded.
ClaimResult judge(const QueryResult& loaded, const ObjectRef& object) {
  const std::string mine = version_key(object);
  for (int row = 0; row < loaded.rows(); ++row) {
    if (loaded.text(row, 1) == mine) {
      return ClaimResult{Claim::duplicate, loaded.integer(row, 0),
                         "already loaded (ingestion " + std::string(loaded.text(row, 0)) + ")"};
    }
  }
  if (object.sequencer) {
    for (int row = 0; row < loaded.rows(); ++row) {
      if (loaded.is_null(row, 2)) continue;
      const auto other = loaded.text(row, 2);
      if (compare_sequencers(other, *object.sequencer) > 0) {
        return ClaimResult{Claim::superseded, loaded.integer(row, 0),
                           "a newer version of the key (sequencer " + std::string(other) +
                               ") is already loaded (ingestion " + std::string(loaded.text(row, 0)) + ")"};
      }
    }
  }
  return ClaimResult{};
}

// Every recorded attempt is appended to s3load.attempts (migration 2) by the statement that records it,
// from that statement's RETURNING row, so the history can never disagree with the ledger.
constexpr const char* ATTEMPT_COLUMNS =
    "id, attempts, status, error_class, error_code, error_message, rows_loaded, rows_rejected, request_id, "
    "started_at, finished_at";

std::string insert_attempts_from(const char* source) {
  return std::string(
             "INSERT INTO s3load.attempts (ingestion_id, attempt, status, error_class, error_code, "
             "error_message, rows_loaded, rows_rejected, request_id, started_at, finished_at) "
             "SELECT * FROM ") +
         source;
}

// `upsert` ends with "RETURNING ": the statement then also appends its row to the history and returns
// the ingestion id.
std::string with_attempt_history(const char* upsert) {
  return std::string("WITH recorded AS (") + upsert + ATTEMPT_COLUMNS + "), history AS (" +
         insert_attempts_from("recorded") + ") SELECT id FROM recorded";
}

constexpr const char* LOADED_VERSIONS_SQL =
    "SELECT id, coalesce(version_id, etag, ''), sequencer FROM s3load.ingestions "
    "WHERE bucket = $1 AND key = $2 AND status = 'loaded'";

}  // namespace

ClaimResult precheck(Connection& connection, const ObjectRef& object) {
  return judge(connection.exec(LOADED_VERSIONS_SQL, {object.bucket, object.key}), object);
}

ClaimResult claim(Connection& connection, const ObjectRef& object, const AttemptInfo& attempt) {
  // Loads of one key take turns, so "newer version already loaded" is decided on committed data.
  connection.exec("SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))",
                  {object.bucket, object.key});
  ClaimResult verdict = judge(connection.exec(LOADED_VERSIONS_SQL, {object.bucket, object.key}), object);
  if (verdict.claim != Claim::claimed) return verdict;

  // The unique index on the object version is the final arbiter: a concurrent claim blocks here until
  // the other transaction ends, then sees its 'loaded' row and returns nothing.
  const auto claimed = connection.exec(
      "INSERT INTO s3load.ingestions (bucket, key, version_id, etag, sequencer, size, feed, target_table, "
      "  status, request_id, started_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'loaded', $9, to_timestamp($10)) "
      "ON CONFLICT (bucket, key, (coalesce(version_id, etag, ''))) DO UPDATE SET "
      "  status = 'loaded', attempts = s3load.ingestions.attempts + 1, feed = excluded.feed, "
      "  target_table = excluded.target_table, request_id = excluded.request_id, "
      "  started_at = excluded.started_at, error_class = NULL, error_code = NULL, error_message = NULL, "
      "  rows_loaded = 0, rows_rejected = 0, finished_at = NULL "
      "WHERE s3load.ingestions.status <> 'loaded' "
      "RETURNING id",
      {object.bucket, object.key, object.version_id, object.etag, object.sequencer,
       optional_number(object.size), attempt.feed, attempt.target_table, non_empty(attempt.request_id),
       epoch_text(attempt.started_at)});
  if (claimed.rows() == 0) return ClaimResult{Claim::duplicate, 0, "already loaded by a concurrent delivery"};
  const std::int64_t id = claimed.integer(0, 0);
  // Rejected rows of an earlier, failed attempt of this version no longer apply.
  connection.exec("DELETE FROM s3load.rejected_rows WHERE ingestion_id = $1", {std::to_string(id)});
  return ClaimResult{Claim::claimed, id, ""};
}

void finish_loaded(Connection& connection, std::int64_t ingestion_id, std::int64_t rows_loaded,
                   std::int64_t rows_rejected) {
  connection.exec(
      std::string("WITH finished AS (UPDATE s3load.ingestions SET rows_loaded = $2, rows_rejected = $3, "
                  "finished_at = clock_timestamp() WHERE id = $1 RETURNING ") +
          ATTEMPT_COLUMNS + ") " + insert_attempts_from("finished"),
      {std::to_string(ingestion_id), std::to_string(rows_loaded), std::to_string(rows_rejected)});
}

void add_rejected_rows(Connection& connection, std::int64_t ingestion_id,
                       const std::vector<RejectedRow>& rows) {
  for (std::size_t start = 0; start < rows.size(); start += REJECTED_ROWS_PER_STATEMENT) {
    const std::size_t end = std::min(rows.size(), start + REJECTED_ROWS_PER_STATEMENT);
    std::string sql =
        "INSERT INTO s3load.rejected_rows (ingestion_id, line_number, column_name, reason, raw_line) VALUES ";
    Params params{std::to_string(ingestion_id)};
    for (std::size_t i = start; i < end; ++i) {
      const auto& row = rows[i];
      const auto base = params.size();
      sql += i == start ? "" : ", ";
      sql += "($1, $" + std::to_string(base + 1) + "::bigint, $" + std::to_string(base + 2) + ", $" +
             std::to_string(base + 3) + ", $" + std::to_string(base + 4) + ")";
      params.push_back(row.line ? std::optional<std::string>(std::to_string(row.line)) : std::nullopt);
      params.push_back(non_empty(convert::escape_bad_text(row.column)));
      params.push_back(convert::escape_bad_text(row.reason));
      params.push_back(row.line ? std::optional<std::string>(convert::escape_bad_text(row.raw_line))
                                : std::nullopt);
    }
    connection.exec(sql, params);
  }
}

std::optional<std::int64_t> record_failure(Connection& connection, const ObjectRef& object,
                                           const AttemptInfo& attempt, const Error& error,
                                           std::int64_t rows_rejected, const std::vector<RejectedRow>& rows) {
  const std::string status = error.is_transient() ? "failed" : "rejected";
  // Messages may quote the file (a header name, a value): what is not UTF-8 must not make the ledger
  // write itself fail.
  const std::string message = convert::escape_bad_text(error.message, MAX_ERROR_MESSAGE);
  connection.exec("BEGIN");
  try {
    const auto recorded = connection.exec(
        with_attempt_history(
            "INSERT INTO s3load.ingestions (bucket, key, version_id, etag, sequencer, size, feed, "
            "target_table, "
            "  status, rows_rejected, error_class, error_code, error_message, request_id, started_at, "
            "finished_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, to_timestamp($15), "
            "clock_timestamp()) "
            "ON CONFLICT (bucket, key, (coalesce(version_id, etag, ''))) DO UPDATE SET "
            "  status = excluded.status, rows_loaded = 0, rows_rejected = excluded.rows_rejected, "
            "  error_class = excluded.error_class, error_code = excluded.error_code, "
            "  error_message = excluded.error_message, request_id = excluded.request_id, "
            "  feed = excluded.feed, target_table = excluded.target_table, started_at = excluded.started_at, "
            "  finished_at = excluded.finished_at, sequencer = coalesce(excluded.sequencer, "
            "s3load.ingestions.sequencer), "
            "  attempts = s3load.ingestions.attempts + 1 "
            "WHERE s3load.ingestions.status <> 'loaded' "
            "RETURNING "),
        {object.bucket, object.key, object.version_id, object.etag, object.sequencer,
         optional_number(object.size), non_empty(attempt.feed), non_empty(attempt.target_table), status,
         std::to_string(rows_rejected), std::string(to_string(error.error_class)), error.code, message,
         non_empty(attempt.request_id), epoch_text(attempt.started_at)});
    std::optional<std::int64_t> id;
    if (recorded.rows() == 1) {
      id = recorded.integer(0, 0);
      connection.exec("DELETE FROM s3load.rejected_rows WHERE ingestion_id = $1", {std::to_string(*id)});
      add_rejected_rows(connection, *id, rows);
    }
    connection.exec("COMMIT");
    return id;
  } catch (...) {
    if (connection.usable() && connection.in_transaction()) connection.exec("ROLLBACK");
    throw;
  }
}

std::optional<std::string> version_status(Connection& connection, const ObjectRef& object) {
  const auto result = connection.exec(
      "SELECT status FROM s3load.ingestions WHERE bucket = $1 AND key = $2 AND coalesce(version_id, etag, "
      "'') = $3",
      {object.bucket, object.key, version_key(object)});
  if (result.rows() == 0) return std::nullopt;
  return std::string(result.text(0, 0));
}

}  // namespace s3load::pg
