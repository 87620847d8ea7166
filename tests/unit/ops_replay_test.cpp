// Replay: which version is loaded again, --feed selection, and how a run of several objects ends.
#include <gtest/gtest.h>

#include "ops/replay.h"
#include "ops/run_verdict.h"

namespace s3load::ops {
namespace {

pg::IngestionRecord row(std::string bucket, std::string key) {
  pg::IngestionRecord record;
  record.bucket = std::move(bucket);
  record.key = std::move(key);
  record.status = "rejected";
  return record;
}

TEST(OpsReplay, ReplaysTheRecordedVersionWithItsSequencer) {
  auto record = row("vendor-drop", "acme/orders/a.csv");
  record.version_id = "v2";
  record.etag = "etag";
  record.sequencer = "0055AED6DCD90281E5";
  record.size = 42;
  const auto object = replay_object(record);
  EXPECT_EQ(object.bucket, "vendor-drop");
  EXPECT_EQ(object.key, "acme/orders/a.csv");
  EXPECT_EQ(object.version_id, "v2");
  EXPECT_EQ(object.etag, "etag");
  EXPECT_EQ(object.sequencer, "0055AED6DCD90281E5");
  EXPECT_EQ(object.size, 42);
  EXPECT_EQ(object.event_source, "cli");
  EXPECT_FALSE(is_local_file(record));
  EXPECT_TRUE(is_local_file(row("", "./orders.csv")));
}

TEST(OpsReplay, FeedSelectionFollowsTheCurrentConfig) {
  auto config = parse_config(
      "[[feed]]\nname = \"orders\"\nmatch = \"acme/orders/*.csv\"\ntable = \"orders\"\n"
      "[[feed]]\nname = \"all-acme\"\nmatch = \"acme/**\"\ntable = \"t\"\n",
      "s3load.toml");
  ASSERT_TRUE(config.ok());
  auto recorded_without_feed = row("b", "acme/orders/x.csv");  // matched no feed when it was attempted
  auto other = row("b", "acme/invoices/y.csv");
  other.feed = "orders";  // recorded under a feed that no longer matches it
  const auto selected =
      assigned_to_feed({recorded_without_feed, other, row("b", "zeta/z.csv")}, *config, "orders");
  ASSERT_EQ(selected.size(), 1u);
  EXPECT_EQ(selected[0].key, "acme/orders/x.csv");
  EXPECT_EQ(assigned_to_feed({other}, *config, "all-acme").size(), 1u);
}

TEST(OpsRunVerdict, TransientOutweighsRejectedOutweighsSuccess) {
  EXPECT_EQ(verdict_of(OutcomeStatus::loaded), RunVerdict::ok);
  EXPECT_EQ(verdict_of(OutcomeStatus::duplicate), RunVerdict::ok);
  EXPECT_EQ(verdict_of(OutcomeStatus::superseded), RunVerdict::ok);
  EXPECT_EQ(verdict_of(OutcomeStatus::rejected), RunVerdict::rejected);
  EXPECT_EQ(verdict_of(OutcomeStatus::failed), RunVerdict::transient);
  EXPECT_EQ(worse(RunVerdict::ok, RunVerdict::rejected), RunVerdict::rejected);
  EXPECT_EQ(worse(RunVerdict::rejected, RunVerdict::transient), RunVerdict::transient);
  EXPECT_EQ(worse(RunVerdict::transient, RunVerdict::rejected), RunVerdict::transient);
  EXPECT_EQ(worse(RunVerdict::rejected, RunVerdict::ok), RunVerdict::rejected);
  // The values are the exit codes.
  EXPECT_EQ(static_cast<int>(RunVerdict::ok), 0);
  EXPECT_EQ(static_cast<int>(RunVerdict::transient), 1);
  EXPECT_EQ(static_cast<int>(RunVerdict::rejected), 2);
}

}  // namespace
}  // namespace s3load::ops
