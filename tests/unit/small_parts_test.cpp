// Unit tests for the small pure pieces: sequencers, the line map, SQLSTATE classes, S3 request building
// and error mapping, outcome JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "events/sequencer.h"
#include "pg/sqlstate.h"
#include "pipeline/line_map.h"
#include "pipeline/outcome.h"
#include "s3/s3_request.h"
#include "s3/s3_settings.h"

namespace s3load {
namespace {

TEST(Sequencer, ComparesAsHexIntegersWhateverThePadding) {
  EXPECT_EQ(compare_sequencers("0055AED6DCD90281E5", "55AED6DCD90281E5"), 0);
  EXPECT_LT(compare_sequencers("0055AED6DCD90281E5", "0055AED6DCD90281E6"), 0);
  EXPECT_GT(compare_sequencers("100", "0FF"), 0);
  EXPECT_GT(compare_sequencers("1000000000000000000", "FFFFFFFFFFFFFFFFF"), 0);
  EXPECT_EQ(compare_sequencers("abc", "ABC"), 0);
}

TEST(LineMap, MapsRowsToPhysicalLinesAcrossIrregularities) {
  LineMap lines;
  // Header on line 1; rows 1-3 on lines 2-4; row 4 spans lines 5-6; row 5 on line 7; a blank line 8;
  // row 6 on line 9.
  for (std::uint64_t row = 1; row <= 3; ++row)
    lines.add(row, row + 1);
  lines.add(4, 5);
  lines.add(5, 7);
  lines.add(6, 9);
  EXPECT_EQ(lines.line_of(1), 2u);
  EXPECT_EQ(lines.line_of(3), 4u);
  EXPECT_EQ(lines.line_of(4), 5u);
  EXPECT_EQ(lines.line_of(5), 7u);
  EXPECT_EQ(lines.line_of(6), 9u);
  EXPECT_EQ(lines.line_of(0), 0u);
}

TEST(Sqlstate, TransientClassesAreRetried) {
  for (const char* state : {"40001", "40P01", "55P03", "57P01", "57014", "08006", "53300", "58030", "XX000"})
    EXPECT_EQ(pg::classify_sqlstate(state), ErrorClass::transient) << state;
  for (const char* state : {"23505", "23503", "22P02", "42P01", "22001"})
    EXPECT_EQ(pg::classify_sqlstate(state), ErrorClass::permanent) << state;
  EXPECT_EQ(pg::classify_sqlstate(""), ErrorClass::transient);
  // The operator's faults: retried until fixed, never a rejected file.
  for (const char* state : {"42501", "28P01", "28000"}) {
    EXPECT_EQ(pg::classify_sqlstate(state), ErrorClass::transient) << state;
    EXPECT_EQ(pg::code_for_sqlstate(state), "access_denied") << state;
  }
  EXPECT_EQ(pg::code_for_sqlstate("23505"), "unique_violation");
  EXPECT_EQ(pg::code_for_sqlstate("08001"), "connection_failure");
  EXPECT_EQ(pg::code_for_sqlstate("2F005"), "pg_2F005");
}

TEST(S3Request, EncodesEachKeySegmentOnce) {
  EXPECT_EQ(uri_encode("vendor upload Q1.csv", true), "vendor%20upload%20Q1.csv");
  EXPECT_EQ(uri_encode("a+b/c:d=e*f", true), "a%2Bb/c%3Ad%3De%2Af");
  EXPECT_EQ(uri_encode("café", true), "caf%C3%A9");
  EXPECT_EQ(uri_encode("a/b", false), "a%2Fb");
  EXPECT_EQ(uri_encode("-._~", true), "-._~");
}

TEST(S3Request, PathStyleWithEndpointAndSortedQuery) {
  S3Settings settings;
  settings.endpoint = "http://127.0.0.1:57480";
  EXPECT_EQ(object_url(settings, "drop", "acme/vendor upload.csv", {{"versionId", "3/L4kqtJl+cc"}}),
            "http://127.0.0.1:57480/drop/acme/vendor%20upload.csv?versionId=3%2FL4kqtJl%2Bcc");
  EXPECT_EQ(object_url(settings, "drop", "", {{"prefix", "a b/"}, {"list-type", "2"}}),
            "http://127.0.0.1:57480/drop/?list-type=2&prefix=a%20b%2F");
}

TEST(S3Request, VirtualHostedOnAwsUnlessTheBucketHasDots) {
  S3Settings settings;
  settings.region = "eu-west-1";
  EXPECT_EQ(object_url(settings, "drop", "k.csv"), "https://drop.s3.eu-west-1.amazonaws.com/k.csv");
  EXPECT_EQ(object_url(settings, "my.drop", "k.csv"), "https://s3.eu-west-1.amazonaws.com/my.drop/k.csv");
  EXPECT_EQ(sigv4_parameter(settings), "aws:amz:eu-west-1:s3");
}

TEST(S3Request, HttpErrorsAreClassified) {
  const auto body = parse_error_body(
      "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The specified key "
      "does not exist.</Message></Error>");
  EXPECT_EQ(body.code, "NoSuchKey");
  auto error = classify_http_error(404, body, "s3://b/k");
  EXPECT_EQ(error.code, "object_not_found");
  EXPECT_FALSE(error.is_transient());
  error = classify_http_error(403, {"SignatureDoesNotMatch", ""}, "s3://b/k");
  EXPECT_EQ(error.code, "access_denied");
  EXPECT_NE(error.message.find("s3://b/k"), std::string::npos);
  EXPECT_EQ(classify_http_error(412, {}, "s3://b/k").code, "superseded");
  EXPECT_EQ(classify_http_error(404, {"NoSuchBucket", ""}, "s3://b/k").code, "bucket_not_found");
  EXPECT_TRUE(classify_http_error(503, {"SlowDown", ""}, "s3://b/k").is_transient());
  EXPECT_TRUE(classify_http_error(500, {}, "s3://b/k").is_transient());
  EXPECT_TRUE(classify_http_error(429, {}, "s3://b/k").is_transient());
  EXPECT_TRUE(classify_transport_error(7, "Couldn't connect to server", "s3://b/k").is_transient());
  EXPECT_FALSE(classify_transport_error(3, "URL malformed", "s3://b/k").is_transient());
}

TEST(S3Settings, ReadsTheStandardVariables) {
  std::map<std::string, std::string> env{{"AWS_DEFAULT_REGION", "eu-central-1"},
                                         {"AWS_ENDPOINT_URL", "http://127.0.0.1:9000/"},
                                         {"AWS_ACCESS_KEY_ID", "AK"},
                                         {"AWS_SECRET_ACCESS_KEY", "SK"},
                                         {"AWS_SESSION_TOKEN", "TOKEN"}};
  const auto lookup = [&](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  auto settings = s3_settings_from_environment(lookup);
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->region, "eu-central-1");
  EXPECT_EQ(settings->endpoint, "http://127.0.0.1:9000");
  EXPECT_EQ(settings->session_token, "TOKEN");
  env["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:57480";
  env["AWS_REGION"] = "us-west-2";
  settings = s3_settings_from_environment(lookup);
  EXPECT_EQ(settings->endpoint, "http://127.0.0.1:57480");
  EXPECT_EQ(settings->region, "us-west-2");
  env.erase("AWS_SECRET_ACCESS_KEY");
  settings = s3_settings_from_environment(lookup);
  ASSERT_FALSE(settings.ok());
  EXPECT_NE(settings.error().message.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
}

TEST(Outcome, JsonLineCarriesObjectAndError) {
  Outcome outcome;
  outcome.status = OutcomeStatus::rejected;
  outcome.object =
      ObjectRef{"drop", "a b.csv", std::nullopt, "abc", std::nullopt, 10, "ObjectCreated:Put", "aws:s3"};
  outcome.feed = "acme";
  outcome.error = permanent_error("bad_rows", "1 row rejected");
  outcome.line = 3;
  const auto json = to_json(outcome);
  EXPECT_EQ(json["status"], "rejected");
  EXPECT_EQ(json["bucket"], "drop");
  EXPECT_EQ(json["key"], "a b.csv");
  EXPECT_TRUE(json["version_id"].is_null());
  EXPECT_EQ(json["error_class"], "permanent");
  EXPECT_EQ(json["error_code"], "bad_rows");
  EXPECT_EQ(json["line"], 3);
}

}  // namespace
}  // namespace s3load

namespace s3load {
namespace {

TEST(Sequencer, CephSequencersAreRewrittenToFollowTime) {
  // Event time 1795747445.653019840 s, as Ceph RGW 16 dumps it.
  EXPECT_EQ(normalize_ceph_sequencer("75EE086BC04AEC26"), "6B08EE7526EC4AC0");
  // Two events in the same second, 1 ns apart in the low byte: the raw form misorders them.
  const std::string earlier = "75EE086BFF000000";
  const std::string later = "75EE086B00010000";
  EXPECT_GT(compare_sequencers(earlier, later), 0);
  EXPECT_LT(compare_sequencers(normalize_ceph_sequencer(earlier), normalize_ceph_sequencer(later)), 0);
  EXPECT_EQ(normalize_ceph_sequencer("0055AED6DCD90281E5"), "0055AED6DCD90281E5");
}

}  // namespace
}  // namespace s3load

#include "observability/metrics.h"

namespace s3load {
namespace {

TEST(Metrics, EmfDocumentCarriesEveryMetricWithTheFeedDimension) {
  Outcome outcome;
  outcome.status = OutcomeStatus::rejected;
  outcome.feed = "acme-orders";
  outcome.rows_rejected = 2;
  outcome.bytes_read = 1234;
  outcome.duration_ms = 12.5;
  const auto document = metrics_document(outcome, 1795747445000);
  ASSERT_TRUE(document);
  const auto& directive = (*document)["_aws"]["CloudWatchMetrics"][0];
  EXPECT_EQ((*document)["_aws"]["Timestamp"], 1795747445000);
  EXPECT_EQ(directive["Namespace"], "s3load");
  EXPECT_EQ(directive["Dimensions"], nlohmann::json::parse(R"([["Feed"]])"));
  std::vector<std::string> names;
  for (const auto& metric : directive["Metrics"]) {
    names.push_back(metric["Name"]);
    EXPECT_TRUE(document->contains(metric["Name"].get<std::string>()));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"FilesLoaded", "FilesRejected", "FilesDuplicate", "FilesFailed",
                                             "RowsLoaded", "RowsRejected", "BytesRead", "LoadDurationMs"}));
  EXPECT_EQ((*document)["Feed"], "acme-orders");
  EXPECT_EQ((*document)["FilesRejected"], 1.0);
  EXPECT_EQ((*document)["FilesLoaded"], 0.0);
  EXPECT_EQ((*document)["RowsRejected"], 2.0);
  EXPECT_EQ((*document)["BytesRead"], 1234.0);
}

TEST(Metrics, IgnoredItemsAreNotCountedAndFeedlessOnesCountUnderNone) {
  Outcome ignored;
  ignored.status = OutcomeStatus::ignored;
  EXPECT_FALSE(metrics_document(ignored, 0));
  Outcome no_feed;
  no_feed.status = OutcomeStatus::rejected;
  EXPECT_EQ((*metrics_document(no_feed, 0))["Feed"], "(none)");
}

}  // namespace
}  // namespace s3load

#include "pipeline/file_loader.h"

namespace s3load {
namespace {

TEST(RawLine, IsStorableTextWhateverTheFileHolds) {
  EXPECT_EQ(truncate_raw_line("1,Zoë,2.00"), "1,Zoë,2.00");
  EXPECT_EQ(truncate_raw_line(std::string("1,M\xFCller,\0x", 11)), "1,M\\xFCller,\\x00x");
  const std::string long_line(2000, 'a');
  EXPECT_EQ(truncate_raw_line(long_line), std::string(1000, 'a') + "…");
  // A cut never splits a character.
  std::string accents;
  for (int i = 0; i < 600; ++i)
    accents += "é";
  const auto cut = truncate_raw_line(accents);
  EXPECT_EQ(cut, accents.substr(0, 1000) + "…");
}

}  // namespace
}  // namespace s3load
