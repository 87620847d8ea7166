#include "ops/replay.h"

#include <algorithm>
#include <stdexcept>

#include "pipeline/ingestor.h"

namespace s3load::ops {

ObjectRef replay_object(const pg::IngestionRecord& record) {
  ObjectRef object;
  object.bucket = record.bucket;
  object.key = record.key;
  object.version_id = record.version_id;
  object.etag = record.etag;
  object.sequencer = record.sequencer;
  object.size = record.size;
  object.event_name = "ObjectCreated:Replay";
  object.event_source = "cli";
  return object;
}

std::vector<pg::IngestionRecord> assigned_to_feed(std::vector<pg::IngestionRecord> records,
                                                  const Config& config, const std::string& feed) {
  std::erase_if(records, [&](const pg::IngestionRecord& record) {
    const FeedConfig* matched = match_feed(config, record.bucket, record.key);
    return !matched || matched->name != feed;
  });
  return records;
}

RunVerdict replay(const std::vector<pg::IngestionRecord>& records, const ReplayRequest& request) {
  std::optional<Ingestor> from_s3;
  std::optional<Ingestor> from_files;
  if (request.s3) from_s3.emplace(request.config, *request.s3, request.database);
  if (request.local) from_files.emplace(request.config, *request.local, request.database);
  IngestOptions options;
  options.feed_name = request.forced_feed;
  options.request_id = request.request_id;
  options.cancel = request.cancel;
  RunVerdict verdict = RunVerdict::ok;
  for (const auto& record : records) {
    if (request.cancel && request.cancel->load()) return RunVerdict::transient;
    auto& ingestor = is_local_file(record) ? from_files : from_s3;
    if (!ingestor) throw std::logic_error("replay: no object source for " + record.bucket + "/" + record.key);
    const Outcome outcome = ingestor->ingest(replay_object(record), options);
    log_outcome(outcome, request.request_id);
    if (request.on_outcome) request.on_outcome(outcome);
    verdict = worse(verdict, verdict_of(outcome.status));
  }
  return verdict;
}

}  // namespace s3load::ops
