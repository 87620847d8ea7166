// Reading the ledger for operators (s3load status, replay, backfill): what was loaded, rejected or
// failed, the history of attempts and the rejected rows. Read-only; the rows are written by
// src/pg/ledger.h. Timestamps come back as UTC ISO 8601 text ("2026-11-27T10:00:03.123456Z").
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pg/connection.h"

namespace s3load::pg {

// One row of s3load.ingestions, every column.
struct IngestionRecord {
  std::int64_t id = 0;
  std::string bucket;
  std::string key;
  std::optional<std::string> version_id;
  std::optional<std::string> etag;
  std::optional<std::string> sequencer;
  std::optional<std::int64_t> size;
  std::optional<std::string> feed;
  std::optional<std::string> target_table;
  std::string status;  // loaded | rejected | failed
  std::int64_t rows_loaded = 0;
  std::int64_t rows_rejected = 0;
  std::optional<std::string> error_class;
  std::optional<std::string> error_code;
  std::optional<std::string> error_message;
  std::int64_t attempts = 0;
  std::optional<std::string> request_id;
  std::string started_at;
  std::optional<std::string> finished_at;
};

// Just what totals and key filtering need.
struct IngestionSummary {
  std::int64_t id = 0;
  std::string key;
  std::string status;
  std::int64_t rows_loaded = 0;
  std::int64_t rows_rejected = 0;
};

// One row of s3load.attempts (migration 2).
struct AttemptRecord {
  std::int64_t attempt = 0;
  std::string status;
  std::optional<std::string> error_class;
  std::optional<std::string> error_code;
  std::optional<std::string> error_message;
  std::int64_t rows_loaded = 0;
  std::int64_t rows_rejected = 0;
  std::optional<std::string> request_id;
  std::string started_at;
  std::optional<std::string> finished_at;
};

// One row of s3load.rejected_rows.
struct StoredRejectedRow {
  std::optional<std::int64_t> line;  // null for whole-file problems
  std::optional<std::string> column;
  std::string reason;
  std::optional<std::string> raw_line;
};

// Conditions on s3load.ingestions; unset members do not filter. Every condition must hold.
struct IngestionFilter {
  std::optional<double> since;        // started_at >= this (seconds since the epoch)
  std::vector<std::string> statuses;  // any of these
  std::optional<std::string> feed;    // the feed recorded in the ledger
  std::optional<std::string> bucket;
  std::optional<std::string> key;  // exact key
  // Only the newest row of each key (by started_at, the time of its latest attempt): what the key's
  // latest load left, whatever the other conditions select.
  bool newest_per_key = false;
};

// Matching rows, newest first (started_at, then id), at most `limit` when given.
std::vector<IngestionRecord> find_ingestions(Connection& connection, const IngestionFilter& filter,
                                             std::optional<std::int64_t> limit = std::nullopt);

// Per status: how many matching rows, and their rows loaded and rejected.
struct StatusCount {
  std::string status;
  std::int64_t ingestions = 0;
  std::int64_t rows_loaded = 0;
  std::int64_t rows_rejected = 0;
};
std::vector<StatusCount> count_ingestions(Connection& connection, const IngestionFilter& filter);

// Matching rows, newest first, with only the columns of IngestionSummary (for filters SQL cannot apply).
std::vector<IngestionSummary> scan_ingestions(Connection& connection, const IngestionFilter& filter);

// Full rows for these ids, in the order of `ids` (ids that do not exist are left out).
std::vector<IngestionRecord> read_ingestions(Connection& connection, const std::vector<std::int64_t>& ids);

std::optional<IngestionRecord> read_ingestion(Connection& connection, std::int64_t id);

// Oldest first.
std::vector<AttemptRecord> read_attempts(Connection& connection, std::int64_t ingestion_id);

// By line, at most `limit` when given.
std::vector<StoredRejectedRow> read_rejected_rows(Connection& connection, std::int64_t ingestion_id,
                                                  std::optional<std::int64_t> limit = std::nullopt);
std::int64_t count_rejected_rows(Connection& connection, std::int64_t ingestion_id);

// (key, etag) of every loaded row of the bucket whose key starts with `prefix`. A listing (which names
// no versions) uses it to skip objects whose current content is already loaded.
std::set<std::pair<std::string, std::string>> loaded_etags(Connection& connection, const std::string& bucket,
                                                           const std::string& prefix);

}  // namespace s3load::pg
