// Where a file's rows go, per feed mode (DESIGN §3 "mode"):
//   append  — COPY straight into the table;
//   upsert  — first optimistically COPY straight into the table (a file of new rows then costs what an
//             append costs); when a key is already there (unique_violation) the load is rolled back and
//             read again into a temporary staging table, then INSERT … ON CONFLICT (key) DO UPDATE …
//             WHERE the row IS DISTINCT FROM the stored one, so unchanged rows are not rewritten;
//   replace — the table has a column s3load_ingestion_id: the rows earlier versions of the same key loaded
//             are deleted, and the new rows are inserted tagged with this ingestion's id.
// All of it runs inside the caller's load transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "events/object_ref.h"
#include "feeds/feed_config.h"
#include "feeds/table_contract.h"
#include "pg/connection.h"

namespace s3load {

class LoadTarget {
 public:
  virtual ~LoadTarget() = default;
  // Once the header is known (columns in COPY order, unquoted): prepares what COPY writes into and returns
  // it as a quoted relation name. Called once per load. Throws Failure/pg::DatabaseError.
  virtual std::string prepare(const std::vector<std::string>& columns) = 0;
  // After a COPY of `rows_copied` rows into the relation prepare() returned: moves the rows into the table
  // (no-op for append). May be called once per batch. Throws pg::DatabaseError for rows the table
  // refuses, Failure (permanent, "duplicate_key") when a file names one upsert key twice.
  virtual void apply(std::int64_t rows_copied) = 0;
  // Whether `error`, raised by the COPY or apply(), means "load again through the staging table" rather
  // than a refused file (the direct upsert meeting a key that is already in the table).
  virtual bool wants_staging(const pg::DatabaseError&) const { return false; }
  // What happened beyond the row count, for the outcome ("upsert: 10 inserted or updated, 2 unchanged").
  virtual std::string summary() const { return {}; }
};

// Throws Failure (permanent) when the table does not suit the mode: an upsert key that is not a unique key
// of the table, a replace-mode table without s3load_ingestion_id.
// `direct_upsert`: an upsert feed's first try, straight into the table (see above).
std::unique_ptr<LoadTarget> make_load_target(pg::Connection& connection, const FeedConfig& feed,
                                             const TableInfo& table, const ObjectRef& object,
                                             std::int64_t ingestion_id, bool direct_upsert = false);

// For `s3load check`: nothing is written anywhere.
std::unique_ptr<LoadTarget> make_validation_target(const TableInfo& table);

}  // namespace s3load
