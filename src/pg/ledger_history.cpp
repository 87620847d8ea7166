#include "pg/ledger_history.h"

#include <cstdio>

namespace s3load::pg {

namespace {

// UTC, microseconds, 'Z': the same text whatever the session's or the machine's time zone.
std::string utc(const char* column) {
  return std::string("to_char(") + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
}

const std::string& record_columns() {
  static const std::string columns =
      "id, bucket, key, version_id, etag, sequencer, size, feed, target_table, status, rows_loaded, "
      "rows_rejected, error_class, error_code, error_message, attempts, request_id, " +
      utc("started_at") + ", " + utc("finished_at");
  return columns;
}

std::optional<std::int64_t> optional_integer(const QueryResult& result, int row, int column) {
  if (result.is_null(row, column)) return std::nullopt;
  return result.integer(row, column);
}

IngestionRecord record_at(const QueryResult& result, int row) {
  IngestionRecord record;
  record.id = result.integer(row, 0);
  record.bucket = std::string(result.text(row, 1));
  record.key = std::string(result.text(row, 2));
  record.version_id = result.optional_text(row, 3);
  record.etag = result.optional_text(row, 4);
  record.sequencer = result.optional_text(row, 5);
  record.size = optional_integer(result, row, 6);
  record.feed = result.optional_text(row, 7);
  record.target_table = result.optional_text(row, 8);
  record.status = std::string(result.text(row, 9));
  record.rows_loaded = result.integer(row, 10);
  record.rows_rejected = result.integer(row, 11);
  record.error_class = result.optional_text(row, 12);
  record.error_code = result.optional_text(row, 13);
  record.error_message = result.optional_text(row, 14);
  record.attempts = result.integer(row, 15);
  record.request_id = result.optional_text(row, 16);
  record.started_at = std::string(result.text(row, 17));
  record.finished_at = result.optional_text(row, 18);
  return record;
}

std::vector<IngestionRecord> records(const QueryResult& result) {
  std::vector<IngestionRecord> list;
  list.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row)
    list.push_back(record_at(result, row));
  return list;
}

std::string epoch_text(double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "%.6f", seconds);
  return text;
}

// " WHERE …" (or "") and its parameters.
std::string where_clause(const IngestionFilter& filter, Params& params) {
  std::vector<std::string> conditions;
  const auto add = [&](const std::string& condition, std::optional<std::string> value) {
    params.push_back(std::move(value));
    std::string text = condition;
    text.replace(text.find('?'), 1, "$" + std::to_string(params.size()));
    conditions.push_back(std::move(text));
  };
  if (filter.since) add("started_at >= to_timestamp(?::double precision)", epoch_text(*filter.since));
  if (!filter.statuses.empty()) {
    std::string list = "{";
    for (std::size_t i = 0; i < filter.statuses.size(); ++i)
      list += (i ? "," : "") + filter.statuses[i];
    add("status = ANY(?::text[])", list + "}");
  }
  if (filter.feed) add("feed = ?", *filter.feed);
  if (filter.bucket) add("bucket = ?", *filter.bucket);
  if (filter.key) add("key = ?", *filter.key);
  if (filter.newest_per_key)
    conditions.push_back(
        "NOT EXISTS (SELECT 1 FROM s3load.ingestions newer WHERE newer.bucket = ingestions.bucket "
        "AND newer.key = ingestions.key AND (newer.started_at, newer.id) > (ingestions.started_at, "
        "ingestions.id))");
  std::string sql;
  for (std::size_t i = 0; i < conditions.size(); ++i)
    sql += (i ? " AND " : " WHERE ") + conditions[i];
  return sql;
}

constexpr const char* NEWEST_FIRST = " ORDER BY started_at DESC, id DESC";

}  // namespace

std::vector<IngestionRecord> find_ingestions(Connection& connection, const IngestionFilter& filter,
                                             std::optional<std::int64_t> limit) {
  Params params;
  std::string sql =
      "SELECT " + record_columns() + " FROM s3load.ingestions" + where_clause(filter, params) + NEWEST_FIRST;
  if (limit) sql += " LIMIT " + std::to_string(*limit);
  return records(connection.exec(sql, params));
}

std::vector<StatusCount> count_ingestions(Connection& connection, const IngestionFilter& filter) {
  Params params;
  const auto result = connection.exec(
      "SELECT status, count(*), coalesce(sum(rows_loaded), 0), coalesce(sum(rows_rejected), 0) "
      "FROM s3load.ingestions" +
          where_clause(filter, params) + " GROUP BY status ORDER BY status",
      params);
  std::vector<StatusCount> counts;
  for (int row = 0; row < result.rows(); ++row)
    counts.push_back({std::string(result.text(row, 0)), result.integer(row, 1), result.integer(row, 2),
                      result.integer(row, 3)});
  return counts;
}

std::vector<IngestionSummary> scan_ingestions(Connection& connection, const IngestionFilter& filter) {
  Params params;
  const auto result =
      connection.exec("SELECT id, key, status, rows_loaded, rows_rejected FROM s3load.ingestions" +
                          where_clause(filter, params) + NEWEST_FIRST,
                      params);
  std::vector<IngestionSummary> list;
  list.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row)
    list.push_back({result.integer(row, 0), std::string(result.text(row, 1)),
                    std::string(result.text(row, 2)), result.integer(row, 3), result.integer(row, 4)});
  return list;
}

std::vector<IngestionRecord> read_ingestions(Connection& connection, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  std::string list = "{";
  for (std::size_t i = 0; i < ids.size(); ++i)
    list += (i ? "," : "") + std::to_string(ids[i]);
  list += "}";
  return records(connection.exec("SELECT " + record_columns() +
                                     " FROM unnest($1::bigint[]) WITH ORDINALITY AS wanted(id, position) "
                                     "JOIN s3load.ingestions USING (id) ORDER BY wanted.position",
                                 {list}));
}

std::optional<IngestionRecord> read_ingestion(Connection& connection, std::int64_t id) {
  auto found = read_ingestions(connection, {id});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<AttemptRecord> read_attempts(Connection& connection, std::int64_t ingestion_id) {
  const auto result = connection.exec(
      "SELECT attempt, status, error_class, error_code, error_message, rows_loaded, rows_rejected, "
      "request_id, " +
          utc("started_at") + ", " + utc("finished_at") +
          " FROM s3load.attempts WHERE ingestion_id = $1 ORDER BY attempt, started_at",
      {std::to_string(ingestion_id)});
  std::vector<AttemptRecord> list;
  for (int row = 0; row < result.rows(); ++row) {
    AttemptRecord attempt;
    attempt.attempt = result.integer(row, 0);
    attempt.status = std::string(result.text(row, 1));
    attempt.error_class = result.optional_text(row, 2);
    attempt.error_code = result.optional_text(row, 3);
    attempt.error_message = result.optional_text(row, 4);
    attempt.rows_loaded = result.integer(row, 5);
    attempt.rows_rejected = result.integer(row, 6);
    attempt.request_id = result.optional_text(row, 7);
    attempt.started_at = std::string(result.text(row, 8));
    attempt.finished_at = result.optional_text(row, 9);
    list.push_back(std::move(attempt));
  }
  return list;
}

std::vector<StoredRejectedRow> read_rejected_rows(Connection& connection, std::int64_t ingestion_id,
                                                  std::optional<std::int64_t> limit) {
  std::string sql =
      "SELECT line_number, column_name, reason, raw_line FROM s3load.rejected_rows WHERE ingestion_id = $1 "
      "ORDER BY line_number NULLS FIRST, ctid";
  if (limit) sql += " LIMIT " + std::to_string(*limit);
  const auto result = connection.exec(sql, {std::to_string(ingestion_id)});
  std::vector<StoredRejectedRow> list;
  for (int row = 0; row < result.rows(); ++row)
    list.push_back({optional_integer(result, row, 0), result.optional_text(row, 1),
                    std::string(result.text(row, 2)), result.optional_text(row, 3)});
  return list;
}

std::int64_t count_rejected_rows(Connection& connection, std::int64_t ingestion_id) {
  return connection
      .exec("SELECT count(*) FROM s3load.rejected_rows WHERE ingestion_id = $1",
            {std::to_string(ingestion_id)})
      .integer(0, 0);
}

std::set<std::pair<std::string, std::string>> loaded_etags(Connection& connection, const std::string& bucket,
                                                           const std::string& prefix) {
  const auto result = connection.exec(
      "SELECT key, etag FROM s3load.ingestions "
      "WHERE bucket = $1 AND starts_with(key, $2) AND status = 'loaded' AND etag IS NOT NULL",
      {bucket, prefix});
  std::set<std::pair<std::string, std::string>> loaded;
  for (int row = 0; row < result.rows(); ++row)
    loaded.emplace(std::string(result.text(row, 0)), std::string(result.text(row, 1)));
  return loaded;
}

}  // namespace s3load::pg
