// What `s3load status` prints, built from ledger rows. Pure: the rows are read by src/pg/ledger_history.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "pg/ledger_history.h"

namespace s3load::ops {

inline constexpr std::string_view LEDGER_STATUSES = "loaded, rejected or failed";

// "rejected,failed" → {"rejected", "failed"}. Errors (code "bad_status") name the accepted statuses.
Result<std::vector<std::string>> parse_statuses(std::string_view text);

struct StatusTotals {
  std::int64_t ingestions = 0;
  std::int64_t loaded = 0;
  std::int64_t rejected = 0;
  std::int64_t failed = 0;
  std::int64_t rows_loaded = 0;
  std::int64_t rows_rejected = 0;

  // `count` ingestions of this status, with these rows in all.
  void add(std::string_view status, std::int64_t count, std::int64_t rows, std::int64_t rejected_rows);
};

// "2026-11-27T10:00:03.123456Z" → "2026-11-27 10:00:03".
std::string short_time(std::string_view iso);

// id, time (UTC), feed, key, status, rows, rejected, attempts, error; the error column shrinks to fit.
std::string render_status_table(const std::vector<pg::IngestionRecord>& rows, std::size_t screen_width);

// "3 ingestions since 2026-11-20 10:00:00 UTC: 2 loaded, 1 rejected, 0 failed; rows: 6 loaded, 1 rejected"
// plus, when fewer rows were shown than matched, how to see them all. `window` is "since … UTC" or
// "in the whole ledger".
std::string render_totals(const StatusTotals& totals, std::size_t shown, std::string_view window);

// Every column; timestamps as UTC ISO 8601 text; absent values as null.
nlohmann::json ingestion_json(const pg::IngestionRecord& record);
nlohmann::json attempt_json(const pg::AttemptRecord& attempt);
nlohmann::json rejected_row_json(const pg::StoredRejectedRow& row);

struct IngestionDetail {
  pg::IngestionRecord record;
  std::vector<pg::AttemptRecord> attempts;
  std::vector<pg::StoredRejectedRow> rejected_rows;  // the first ones
  std::int64_t rejected_rows_stored = 0;             // how many the ledger keeps for this ingestion
};

// One ingestion for a person: the object, the outcome and its error in full, the attempts, the
// rejected rows (line, column, reason, raw line) and what to do next.
std::string render_ingestion_detail(const IngestionDetail& detail, std::size_t screen_width);

// The rejected rows as a table (line, column, reason, raw line); the raw line shrinks to fit.
std::string render_rejected_rows(const std::vector<pg::StoredRejectedRow>& rows, std::size_t screen_width);

}  // namespace s3load::ops
