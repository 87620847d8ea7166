// s3load replay: load again, with the current config, object versions the ledger records as rejected
// or failed. The versions are pinned as recorded (version id, else ETag), so a replay loads exactly
// what failed; a version loaded meanwhile comes back "duplicate", and an overwritten one on an
// unversioned bucket "superseded". Every attempt is counted in the ledger and kept in s3load.attempts.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed_config.h"
#include "ops/run_verdict.h"
#include "pg/database_session.h"
#include "pg/ledger_history.h"
#include "pipeline/outcome.h"
#include "source/object_source.h"

namespace s3load::ops {

// The object of a ledger row, pinned to the recorded version, with its recorded sequencer (so an older
// version is not loaded over a newer one).
ObjectRef replay_object(const pg::IngestionRecord& record);

// Rows to replay for `replay --failed --feed F`: those whose key the current config assigns to feed F
// (the config decides, not the feed recorded at the time: a key that matched no feed then may match
// one now).
std::vector<pg::IngestionRecord> assigned_to_feed(std::vector<pg::IngestionRecord> records,
                                                  const Config& config, const std::string& feed);

struct ReplayRequest {
  const Config& config;
  ObjectSource* s3 = nullptr;     // for rows with a bucket; may be null when no row has one
  ObjectSource* local = nullptr;  // for local files (rows without a bucket); may be null likewise
  pg::DatabaseSession& database;
  std::optional<std::string> forced_feed;  // replay s3://… --feed F: use F instead of matching the key
  std::string request_id;
  const CancelFlag* cancel = nullptr;  // checked between objects and inside each load
  std::function<void(const Outcome&)> on_outcome;
};

// Whether a row names a local file (s3load ingest ./file.csv) rather than an S3 object.
inline bool is_local_file(const pg::IngestionRecord& record) {
  return record.bucket.empty();
}

// Replays the rows in order (stops early when cancelled: the rest stay as they are) and returns how
// the run ends.
RunVerdict replay(const std::vector<pg::IngestionRecord>& records, const ReplayRequest& request);

}  // namespace s3load::ops
