#include "ops/backfill_plan.h"

namespace s3load::ops {

ObjectRef backfill_object(const std::string& bucket, const ListedObject& listed) {
  ObjectRef object;
  object.bucket = bucket;
  object.key = listed.key;
  if (!listed.etag.empty()) object.etag = listed.etag;
  object.size = listed.size;
  object.event_name = "ObjectCreated:Backfill";
  object.event_source = "cli";
  return object;
}

BackfillPlan plan_backfill(const std::string& bucket, const std::vector<ListedObject>& listed,
                           const Config& config, const std::optional<std::string>& forced_feed,
                           const std::set<std::pair<std::string, std::string>>& loaded) {
  BackfillPlan plan;
  for (const auto& item : listed) {
    ++plan.listed;
    if (!item.key.empty() && item.key.back() == '/') {
      ++plan.folders;
      continue;
    }
    std::string feed;
    if (forced_feed) {
      feed = *forced_feed;
    } else if (const FeedConfig* matched = match_feed(config, bucket, item.key)) {
      feed = matched->name;
    } else {
      ++plan.no_feed;
      continue;
    }
    if (!item.etag.empty() && loaded.count({item.key, item.etag})) {
      ++plan.already_loaded;
      continue;
    }
    plan.bytes_to_load += static_cast<std::uint64_t>(std::max<std::int64_t>(item.size, 0));
    plan.to_load.push_back({backfill_object(bucket, item), std::move(feed)});
  }
  return plan;
}

}  // namespace s3load::ops
