#include "pg/schema.h"

#include <string>
#include <vector>

namespace s3load::pg {

namespace {

// Append-only: a released migration never changes; add a new one instead.
const std::vector<std::string>& migrations() {
  static const std::vector<std::string> steps = {
      // 1: the ledger. One row per object version; the unique index is what makes loads exactly-once.
      R"sql(
CREATE TABLE s3load.ingestions (
  id            bigserial PRIMARY KEY,
  bucket        text NOT NULL,
  key           text NOT NULL,
  version_id    text,
  etag          text,
  sequencer     text,
  size          bigint,
  feed          text,
  target_table  text,
  status        text NOT NULL CHECK (status IN ('loaded', 'rejected', 'failed')),
  rows_loaded   bigint NOT NULL DEFAULT 0,
  rows_rejected bigint NOT NULL DEFAULT 0,
  error_class   text CHECK (error_class IN ('permanent', 'transient')),
  error_code    text,
  error_message text,
  attempts      int NOT NULL DEFAULT 1,
  request_id    text,
  started_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE UNIQUE INDEX ingestions_object_version ON s3load.ingestions (bucket, key, (coalesce(version_id, etag, '')));
CREATE INDEX ingestions_started_at ON s3load.ingestions (started_at);
CREATE INDEX ingestions_status ON s3load.ingestions (status) WHERE status <> 'loaded';
CREATE TABLE s3load.rejected_rows (
  ingestion_id bigint NOT NULL REFERENCES s3load.ingestions (id) ON DELETE CASCADE,
  line_number  bigint,
  column_name  text,
  reason       text NOT NULL,
  raw_line     text
);
CREATE INDEX rejected_rows_ingestion ON s3load.rejected_rows (ingestion_id);
)sql",
      // 2: the history of attempts. s3load.ingestions keeps only the latest attempt of each object
      // version; every recorded attempt (loaded, rejected, failed) is also appended here, in the same
      // transaction. No unique key: writing history must never make a load fail. Rows recorded before
      // this migration contribute their latest attempt.
      R"sql(
CREATE TABLE s3load.attempts (
  ingestion_id  bigint NOT NULL REFERENCES s3load.ingestions (id) ON DELETE CASCADE,
  attempt       int NOT NULL,
  status        text NOT NULL,
  error_class   text,
  error_code    text,
  error_message text,
  rows_loaded   bigint NOT NULL DEFAULT 0,
  rows_rejected bigint NOT NULL DEFAULT 0,
  request_id    text,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz
);
CREATE INDEX attempts_ingestion ON s3load.attempts (ingestion_id, attempt);
INSERT INTO s3load.attempts (ingestion_id, attempt, status, error_class, error_code, error_message,
  rows_loaded, rows_rejected, request_id, started_at, finished_at)
SELECT id, attempts, status, error_class, error_code, error_message, rows_loaded, rows_rejected, request_id,
  started_at, finished_at FROM s3load.ingestions;
)sql",
  };
  return steps;
}

}  // namespace

int current_schema_version() {
  return static_cast<int>(migrations().size());
}

void migrate(Connection& connection) {
  // Fast path: already current.
  const auto exists = connection.exec("SELECT to_regclass('s3load.schema_version') IS NOT NULL");
  if (exists.boolean(0, 0)) {
    const auto version = connection.exec("SELECT coalesce(max(version), 0) FROM s3load.schema_version");
    if (version.integer(0, 0) >= current_schema_version()) return;
  }

  connection.exec("BEGIN");
  try {
    // Serialise concurrent first runs (many Lambda instances starting at once).
    connection.exec("SELECT pg_advisory_xact_lock(hashtextextended('s3load.migrate', 0))");
    connection.exec("CREATE SCHEMA IF NOT EXISTS s3load");
    connection.exec(
        "CREATE TABLE IF NOT EXISTS s3load.schema_version (version int PRIMARY KEY, "
        "applied_at timestamptz NOT NULL DEFAULT now())");
    const auto applied = connection.exec("SELECT coalesce(max(version), 0) FROM s3load.schema_version");
    for (auto version = static_cast<std::size_t>(applied.integer(0, 0)); version < migrations().size();
         ++version) {
      connection.exec(migrations()[version]);
      connection.exec("INSERT INTO s3load.schema_version (version) VALUES ($1)",
                      {std::to_string(version + 1)});
    }
    connection.exec("COMMIT");
  } catch (...) {
    if (connection.usable()) connection.exec("ROLLBACK");
    throw;
  }
}

}  // namespace s3load::pg
