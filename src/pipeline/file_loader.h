// Streams one file into COPY: bytes → CSV records → header mapping → encoded rows → load target, in
// bounded memory. Runs inside the caller's transaction; it never commits or rolls back the transaction
// itself (it uses savepoints only in isolation mode).
//
// Two modes:
//  - normal: one COPY for the whole file (the fast path);
//  - isolation: rows go in batches, each under a savepoint; a batch the server refuses is bisected down
//    to the offending rows, which are rejected with their line (skip_rows) or reject the file (reject_file).
// The normal mode asks for isolation (FileLoadResult::needs_isolation) when the server refuses data and
// cannot say which line is at fault, or when skip_rows must keep the rest of the file; the caller rolls
// back and loads the object again in isolation mode.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "feeds/feed_config.h"
#include "feeds/table_contract.h"
#include "pg/ledger.h"
#include "pipeline/copy_sink.h"
#include "pipeline/load_target.h"
#include "source/object_source.h"

namespace s3load {

struct FileLoadRequest {
  const FeedConfig& feed;
  const TableInfo& table;
  LoadTarget& target;
  CopySink& sink;
  const CancelFlag* cancel = nullptr;
  std::string what;            // "s3://bucket/key" for messages
  bool isolate = false;        // batches under savepoints, bisected on server errors
  bool validate_only = false;  // s3load check: report every problem (up to max_reported_errors), load nothing
  std::size_t max_reported_errors = 100;
};

struct FileLoadResult {
  std::optional<Error> rejection;  // set when the file must not be loaded (permanent)
  bool needs_isolation = false;    // roll back and load again with isolate = true
  bool needs_staging = false;      // roll back and load again through the staging table (direct upsert)
  std::int64_t rows_loaded = 0;
  std::int64_t rows_rejected = 0;
  std::uint64_t records = 0;                   // data records read (without the header)
  std::vector<pg::RejectedRow> rejected_rows;  // the first ones, for the ledger and the log
  std::optional<std::uint64_t> first_error_line;
  char delimiter = ',';              // the delimiter used (detected when the feed says "auto")
  std::vector<std::string> columns;  // table columns written, in COPY order
  std::string copy_format;           // "binary" or "text"
};

// Row errors kept per file (the count covers all of them).
inline constexpr std::size_t MAX_KEPT_REJECTED_ROWS = 10000;
// Raw lines are truncated to this many bytes in rejected_rows and logs.
inline constexpr std::size_t MAX_RAW_LINE_BYTES = 1000;

// Throws Failure for transient problems (source or database); returns a rejection for bad files.
FileLoadResult load_file(ByteSource& source, const FileLoadRequest& request);

// Truncates at a UTF-8 character boundary and marks the cut with "…".
std::string truncate_raw_line(std::string_view raw);

}  // namespace s3load
