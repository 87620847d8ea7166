// The ledger (schema s3load): one row per object version, written in the same transaction as the data,
// which is what makes every load exactly-once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "events/object_ref.h"
#include "pg/connection.h"

namespace s3load::pg {

struct AttemptInfo {
  std::string feed;          // empty when no feed matched
  std::string target_table;  // empty when no feed matched
  std::string request_id;
  double started_at = 0;  // seconds since the epoch
};

struct RejectedRow {
  std::uint64_t line = 0;  // physical, 1-based; 0 when unknown (whole-file problems)
  std::string column;      // empty when not about one column
  std::string reason;
  std::string raw_line;  // truncated by the caller
};

enum class Claim { claimed, duplicate, superseded };

struct ClaimResult {
  Claim claim = Claim::claimed;
  std::int64_t ingestion_id = 0;  // when claimed
  std::string detail;             // why duplicate/superseded
};

// Has this exact version already been loaded, or a newer one (by sequencer)? A cheap look before
// fetching anything; claim() decides for real.
ClaimResult precheck(Connection& connection, const ObjectRef& object);

// Inside the caller's load transaction: serialises loads of the same key, re-checks, and claims the
// ledger row (status 'loaded'). Nothing is visible to others until the transaction commits.
ClaimResult claim(Connection& connection, const ObjectRef& object, const AttemptInfo& attempt);

// Inside the load transaction, after the data: the final counts.
void finish_loaded(Connection& connection, std::int64_t ingestion_id, std::int64_t rows_loaded,
                   std::int64_t rows_rejected);

// Inside a transaction: rows rejected by validation, kept for operators.
void add_rejected_rows(Connection& connection, std::int64_t ingestion_id,
                       const std::vector<RejectedRow>& rows);

// In its own transaction, after the load transaction rolled back: records a 'rejected' or 'failed'
// attempt with its error. Never overwrites a 'loaded' row (a concurrent attempt may have won).
// Returns the ingestion id, or nullopt when the version is already loaded.
std::optional<std::int64_t> record_failure(Connection& connection, const ObjectRef& object,
                                           const AttemptInfo& attempt, const Error& error,
                                           std::int64_t rows_rejected, const std::vector<RejectedRow>& rows);

// 'loaded', 'rejected', 'failed' or nullopt for this exact version (used to resolve an unknown commit).
std::optional<std::string> version_status(Connection& connection, const ObjectRef& object);

}  // namespace s3load::pg
