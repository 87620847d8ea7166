// Loads one object version exactly once: ledger check → pinned S3 read → one transaction holding the
// ledger row and the COPY → outcome. Expected failures come back as outcomes (never exceptions):
// permanent ones are recorded as 'rejected', transient ones as 'failed' and reported as such so the
// caller retries.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed_config.h"
#include "feeds/table_contract.h"
#include "pg/database_session.h"
#include "pg/ledger.h"
#include "pg/transaction.h"
#include "pipeline/outcome.h"
#include "source/object_source.h"

namespace s3load {

struct IngestOptions {
  std::optional<std::string> feed_name;  // force a feed instead of matching the key
  std::string request_id;
  const CancelFlag* cancel = nullptr;  // set by the deadline watch or a shutdown signal
  // When the load must be over (Lambda's invocation deadline less its margin): no statement may run
  // past it, whatever S3LOAD_STATEMENT_TIMEOUT allows.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

class Ingestor {
 public:
  Ingestor(const Config& config, ObjectSource& source, pg::DatabaseSession& database);

  Outcome ingest(ObjectRef object, const IngestOptions& options);

 private:
  // Fills `outcome`; throws Failure for what the retry loop in ingest() decides about.
  void load(const FeedConfig& feed, const IngestOptions& options, Outcome& outcome);
  // Opens the object pinned to its version (recording the version read) and decodes it (gzip, encoding).
  std::unique_ptr<ByteSource> open_pinned(ObjectRef& object, const FeedConfig& feed,
                                          const IngestOptions& options);
  // How one load transaction writes: an upsert feed first tries straight into the table; isolation
  // batches under savepoints to find the rows the server refuses.
  struct LoadPath {
    bool isolate = false;
    bool direct_upsert = false;
  };
  enum class Retry { none, isolated, staged };
  // What a load transaction would report once its COMMIT is confirmed.
  struct PendingCommit {
    std::int64_t rows_loaded = 0;
    std::string summary;
  };
  // One load transaction. Returns how to load again (the transaction was rolled back) or Retry::none.
  // Throws pg::CommitError (outcome unknown) with `pending` set when the connection broke during COMMIT.
  Retry load_in_transaction(const FeedConfig& feed, const TableInfo& table, ByteSource& stream, LoadPath path,
                            const IngestOptions& options, Outcome& outcome,
                            std::optional<PendingCommit>& pending);
  // After a COMMIT whose answer was lost: drops the broken connection and reads the ledger on a new one.
  // Loaded when the ledger shows the commit happened; otherwise throws a transient DatabaseError (the
  // retry loop loads again, or the delivery is retried later).
  void resolve_unknown_commit(const pg::CommitError& error, const PendingCommit& pending,
                              const IngestOptions& options, Outcome& outcome);
  // Sets the outcome's error and status, and records it in the ledger (best effort for transient ones).
  void fail(Outcome& outcome, const Error& error, const IngestOptions& options,
            const std::vector<pg::RejectedRow>& rows = {});

  const Config& m_config;
  ObjectSource& m_source;
  pg::DatabaseSession& m_database;
};

// Logs the outcome as one structured line.
void log_outcome(const Outcome& outcome, const std::string& request_id);

}  // namespace s3load
