// Streams one file into COPY: bytes → CSV records → header mapping → encoded rows → sink, in bounded
// memory. Runs inside the caller's transaction; it never commits or rolls back.
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
#include "source/object_source.h"

namespace s3load {

struct FileLoadRequest {
  const FeedConfig& feed;
  const TableInfo& table;
  std::string copy_target;  // quoted "schema"."table" that COPY writes to
  CopySink& sink;
  const CancelFlag* cancel = nullptr;
  std::string what;  // "s3://bucket/key" for messages
};

struct FileLoadResult {
  std::optional<Error> rejection;  // set when the file must not be loaded (permanent)
  std::int64_t rows_loaded = 0;
  std::int64_t rows_rejected = 0;
  std::uint64_t records = 0;                   // data records read (without the header)
  std::vector<pg::RejectedRow> rejected_rows;  // the first ones, for the ledger and the log
  std::optional<std::uint64_t> first_error_line;
};

// Row errors kept per file (the count covers all of them).
inline constexpr std::size_t MAX_KEPT_REJECTED_ROWS = 10000;
// With reject_file, reading stops after this many row errors: enough to fix a file in one go.
inline constexpr std::size_t MAX_REPORTED_ROW_ERRORS = 100;
// Raw lines are truncated to this many bytes in rejected_rows and logs.
inline constexpr std::size_t MAX_RAW_LINE_BYTES = 1000;

// Throws Failure for transient problems (source or database); returns a rejection for bad files.
FileLoadResult load_file(ByteSource& source, const FileLoadRequest& request);

// Truncates at a UTF-8 character boundary and marks the cut with "…".
std::string truncate_raw_line(std::string_view raw);

}  // namespace s3load
