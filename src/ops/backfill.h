// s3load backfill: list a prefix (ListObjectsV2, every page), skip what is already loaded or belongs to
// no feed (src/ops/backfill_plan.h), and load the rest with N workers, each with its own S3 client and
// database session (connections are reused from one object to the next).
//
// Interruption (the cancel flag, set by SIGINT/SIGTERM): no new load starts, loads in flight roll back
// (their outcome is "failed" with code "cancelled" and the ledger records them as failed), the summary
// says what was done, and the run ends transient. A second SIGINT ends the process at once (the
// database rolls back the open transactions by itself). Running the same backfill again continues:
// loaded objects are skipped.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "feeds/feed_config.h"
#include "ops/backfill_plan.h"
#include "ops/progress.h"
#include "ops/progress_display.h"
#include "ops/run_verdict.h"
#include "pg/database_session.h"
#include "s3/s3_client.h"

namespace s3load::ops {

inline constexpr int MAX_BACKFILL_CONCURRENCY = 64;

struct BackfillRequest {
  const Config& config;
  std::string bucket;
  std::string prefix;
  std::optional<std::string> feed;  // load every listed key with this feed
  int concurrency = 4;
  bool dry_run = false;  // print what would load ({"status":"would_load",…} lines), load nothing
  std::string request_id;
  const CancelFlag* cancel = nullptr;
  // Called once per worker before loading starts.
  std::function<std::unique_ptr<S3Client>()> make_s3;
  std::function<std::unique_ptr<pg::DatabaseSession>()> make_database;
  bool log_outcomes = true;  // one log line per object on stderr (off under a progress bar)
};

struct BackfillResult {
  BackfillPlan plan;  // to_load is left empty
  ProgressSnapshot progress;
  bool interrupted = false;
  RunVerdict verdict = RunVerdict::ok;
};

// `lister` lists the prefix and `ledger` reads what is loaded. Throws Failure when the listing or the
// ledger cannot be read (nothing was loaded then).
BackfillResult run_backfill(const BackfillRequest& request, S3Client& lister, pg::DatabaseSession& ledger,
                            ProgressDisplay& display);

}  // namespace s3load::ops
