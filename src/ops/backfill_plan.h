// Which listed objects a backfill loads. Pure.
//
// A listing (ListObjectsV2) names the current version of each key by its ETag only. An object is
// skipped when:
//  - its key ends in "/" (a folder placeholder), or
//  - no feed matches it (unless a feed is forced with --feed), or
//  - the ledger holds a loaded row of the same bucket, key and ETag: that content is loaded. (On a
//    versioned bucket the ledger row is keyed by version id, which a listing does not give, so the
//    ingestor's own check cannot see it before fetching.)
// Skipping only ever avoids a load; whatever is loaded still goes through the ingestor's exactly-once
// claim, so a plan made from a stale ledger cannot load anything twice.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "events/object_ref.h"
#include "feeds/feed_config.h"
#include "s3/s3_client.h"

namespace s3load::ops {

struct PlannedObject {
  ObjectRef object;  // bucket, key, etag, size; no version: the read is pinned to the ETag
  std::string feed;
};

struct BackfillPlan {
  std::vector<PlannedObject> to_load;  // in listing order
  std::uint64_t listed = 0;
  std::uint64_t already_loaded = 0;
  std::uint64_t no_feed = 0;
  std::uint64_t folders = 0;
  std::uint64_t bytes_to_load = 0;
};

// `loaded` holds (key, etag) of the bucket's loaded ledger rows (pg::loaded_etags).
BackfillPlan plan_backfill(const std::string& bucket, const std::vector<ListedObject>& listed,
                           const Config& config, const std::optional<std::string>& forced_feed,
                           const std::set<std::pair<std::string, std::string>>& loaded);

// The ObjectRef a backfill loads for a listed object.
ObjectRef backfill_object(const std::string& bucket, const ListedObject& listed);

}  // namespace s3load::ops
