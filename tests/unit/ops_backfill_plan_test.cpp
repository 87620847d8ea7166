// Which listed objects a backfill loads: feeds, folder markers, content already loaded.
#include <gtest/gtest.h>

#include "ops/backfill_plan.h"

namespace s3load::ops {
namespace {

Config two_feeds() {
  auto config = parse_config(
      "[[feed]]\nname = \"orders\"\nmatch = \"acme/orders/*.csv\"\ntable = \"orders\"\n"
      "[[feed]]\nname = \"other-bucket\"\nbucket = \"elsewhere\"\nmatch = \"acme/**\"\ntable = \"t\"\n",
      "s3load.toml");
  EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
  return std::move(config).value();
}

std::vector<ListedObject> listing() {
  return {{"acme/orders/", "d41d8cd98f00b204e9800998ecf8427e", 0, ""},
          {"acme/orders/a.csv", "etag-a", 100, ""},
          {"acme/orders/b.csv", "etag-b", 200, ""},
          {"acme/orders/c.csv", "etag-c2", 300, ""},
          {"acme/readme.txt", "etag-r", 10, ""}};
}

TEST(OpsBackfillPlan, SkipsFoldersKeysWithoutFeedAndLoadedContent) {
  const auto plan = plan_backfill("vendor-drop", listing(), two_feeds(), std::nullopt,
                                  {{"acme/orders/b.csv", "etag-b"}, {"acme/orders/c.csv", "etag-c1"}});
  EXPECT_EQ(plan.listed, 5u);
  EXPECT_EQ(plan.folders, 1u);
  EXPECT_EQ(plan.no_feed, 1u);  // readme.txt; the other feed is for another bucket
  EXPECT_EQ(plan.already_loaded, 1u);
  ASSERT_EQ(plan.to_load.size(), 2u);
  EXPECT_EQ(plan.to_load[0].object.key, "acme/orders/a.csv");
  EXPECT_EQ(plan.to_load[0].feed, "orders");
  // c.csv changed since its loaded version: its new content loads.
  EXPECT_EQ(plan.to_load[1].object.key, "acme/orders/c.csv");
  EXPECT_EQ(plan.bytes_to_load, 400u);
}

TEST(OpsBackfillPlan, AForcedFeedTakesEveryKey) {
  const auto plan = plan_backfill("vendor-drop", listing(), two_feeds(), std::string("orders"), {});
  EXPECT_EQ(plan.no_feed, 0u);
  EXPECT_EQ(plan.folders, 1u);
  ASSERT_EQ(plan.to_load.size(), 4u);
  EXPECT_EQ(plan.to_load[3].object.key, "acme/readme.txt");
  EXPECT_EQ(plan.to_load[3].feed, "orders");
}

TEST(OpsBackfillPlan, ObjectsArePinnedToTheListedEtag) {
  const auto object =
      backfill_object("vendor-drop", {"acme/orders/a.csv", "etag-a", 100, "2026-11-27T10:00:00Z"});
  EXPECT_EQ(object.bucket, "vendor-drop");
  EXPECT_EQ(object.key, "acme/orders/a.csv");
  EXPECT_EQ(object.etag, "etag-a");
  EXPECT_FALSE(object.version_id.has_value());
  EXPECT_FALSE(object.sequencer.has_value());
  EXPECT_EQ(object.size, 100);
  EXPECT_EQ(object.event_source, "cli");
}

}  // namespace
}  // namespace s3load::ops
