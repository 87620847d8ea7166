// Bucket names in events and S3 URLs: only names S3 accepts (3–63 characters of lowercase letters, digits,
// dots and hyphens, …); "tenant:bucket" only with an endpoint override.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "events/bucket_name.h"
#include "events/event_parser.h"

namespace s3load {
namespace {

TEST(BucketName, AcceptsNamesS3Accepts) {
  for (const char* name :
       {"abc", "vendor-drop", "my.bucket.name", "a1b", "123", "docexamplebucket1", "log-delivery-march-2020",
        "my-access-point-hrzrlukc5m36ft7okagglf3gmwluquse1b-s3alias", "bucket-base--usw2-az1--x-s3", "1.2.3",
        "1.2.3.4.5"}) {
    EXPECT_EQ(bucket_name_problem(name), std::nullopt) << name;
  }
  EXPECT_EQ(bucket_name_problem(std::string(63, 'a')), std::nullopt);
}

TEST(BucketName, RefusesNamesS3Refuses) {
  EXPECT_EQ(bucket_name_problem("ab"), "must be 3 to 63 characters long, not 2");
  EXPECT_EQ(bucket_name_problem(std::string(64, 'a')), "must be 3 to 63 characters long, not 64");
  EXPECT_EQ(bucket_name_problem(""), "must be 3 to 63 characters long, not 0");
  for (const char* name : {"MyBucket", "my_bucket", "my bucket", "bucket/key", "bucket#", "bucket?x",
                           "bucket@host", "b\xc3\xa9ton"})
    EXPECT_EQ(bucket_name_problem(name), "may contain only lowercase letters, digits, dots and hyphens")
        << name;
  for (const char* name : {"-bucket", "bucket-", ".bucket", "bucket."})
    EXPECT_EQ(bucket_name_problem(name), "must begin and end with a lowercase letter or a digit") << name;
  EXPECT_EQ(bucket_name_problem("my..bucket"), "must not contain two adjacent dots");
  EXPECT_EQ(bucket_name_problem("192.168.5.4"), "must not be formatted as an IP address");
  EXPECT_EQ(bucket_name_problem("127.0.0.1"), "must not be formatted as an IP address");
}

TEST(BucketName, TenantFormOnlyWithAnEndpointOverride) {
  EXPECT_EQ(bucket_name_problem("tenant1:bucket"),
            "uses the tenant form \"tenant:bucket\", which is accepted only with an S3 endpoint override "
            "(AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL)");
  const BucketNameRules ceph{.allow_tenant = true};
  EXPECT_EQ(bucket_name_problem("tenant1:bucket", ceph), std::nullopt);
  EXPECT_EQ(bucket_name_problem("Tenant_A:vendor-drop", ceph), std::nullopt);
  EXPECT_EQ(bucket_name_problem("vendor-drop", ceph), std::nullopt);
  EXPECT_EQ(bucket_name_problem(":bucket", ceph),
            "has a tenant prefix that is empty or longer than 255 characters");
  EXPECT_EQ(bucket_name_problem("127.0.0.1:8080#", ceph),
            "has a tenant prefix that is not only letters, digits and underscores");
  EXPECT_EQ(bucket_name_problem("tenant:8080#", ceph),
            "has a bucket part that may contain only lowercase letters, digits, dots and hyphens");
  EXPECT_EQ(bucket_name_problem("a:b:c", ceph),
            "has a bucket part that may contain only lowercase letters, digits, dots and hyphens");
}

std::string s3_event(const std::string& bucket, const std::string& key) {
  return R"({"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",)"
         R"("s3":{"bucket":{"name":")" +
         bucket + R"("},"object":{"key":")" + key + R"(","eTag":"abc"}}}]})";
}

TEST(BucketName, AnEventWithABadBucketIsABadEventForThatRecordOnly) {
  const std::string event =
      R"({"Records":[)"
      R"({"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"127.0.0.1:9#"},"object":{"key":"a.csv"}}},)"
      R"({"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"vendor-drop"},"object":{"key":"b.csv"}}}]})";
  const ParsedEvent parsed = parse_event(event);
  ASSERT_EQ(parsed.items.size(), 2u);
  const auto* error = std::get_if<Error>(&parsed.items[0].content);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, "bad_event");
  EXPECT_FALSE(error->is_transient());
  EXPECT_EQ(parsed.items[0].path, "Records[0].s3.bucket.name");
  EXPECT_EQ(
      error->message,
      "Records[0].s3.bucket.name: \"127.0.0.1:9#\" is not a valid S3 bucket name: it uses the tenant form "
      "\"tenant:bucket\", which is accepted only with an S3 endpoint override (AWS_ENDPOINT_URL_S3 or "
      "AWS_ENDPOINT_URL)");
  const auto* object = std::get_if<ObjectRef>(&parsed.items[1].content);
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(object->bucket, "vendor-drop");
}

TEST(BucketName, TenantBucketInAnEventNeedsTheOverrideOption) {
  const std::string event = s3_event("tenant1:vendor-drop", "a.csv");
  EXPECT_TRUE(std::holds_alternative<Error>(parse_event(event).items.at(0).content));
  const ParsedEvent parsed = parse_event(event, EventParseOptions{.endpoint_override = true});
  const auto* object = std::get_if<ObjectRef>(&parsed.items.at(0).content);
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(object->bucket, "tenant1:vendor-drop");
}

TEST(BucketName, CheckedInEventBridgeAndInsideEnvelopes) {
  const std::string eventbridge =
      R"({"version":"0","detail-type":"Object Created","source":"aws.s3","detail":{"bucket":{"name":"Bad_Bucket"},)"
      R"("object":{"key":"a.csv"}}})";
  const ParsedEvent parsed = parse_event(eventbridge);
  const auto* error = std::get_if<Error>(&parsed.items.at(0).content);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->message,
            "detail.bucket.name: \"Bad_Bucket\" is not a valid S3 bucket name: it may contain only lowercase "
            "letters, digits, dots and hyphens");

  const std::string sqs = nlohmann::json{{"Records",
                                          {{{"eventSource", "aws:sqs"},
                                            {"messageId", "m-1"},
                                            {"body", s3_event("tenant1:vendor-drop", "a.csv")}}}}}
                              .dump();
  EXPECT_TRUE(std::holds_alternative<Error>(parse_event(sqs).items.at(0).content));
  EXPECT_TRUE(std::holds_alternative<ObjectRef>(
      parse_event(sqs, EventParseOptions{.endpoint_override = true}).items.at(0).content));
}

TEST(EventVersionId, NullIsTheSameAsNoVersion) {
  const std::string record =
      R"({"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"vendor-drop"},)"
      R"("object":{"key":"a.csv","versionId":"null","sequencer":"0A"}}}]})";
  EXPECT_EQ(std::get<ObjectRef>(parse_event(record).items.at(0).content).version_id, std::nullopt);
  const std::string eventbridge =
      R"({"version":"0","detail-type":"Object Created","source":"aws.s3","detail":{"bucket":{"name":"vendor-drop"},)"
      R"("object":{"key":"a.csv","version-id":"null"}}})";
  EXPECT_EQ(std::get<ObjectRef>(parse_event(eventbridge).items.at(0).content).version_id, std::nullopt);
  const std::string versioned =
      R"({"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"vendor-drop"},)"
      R"("object":{"key":"a.csv","versionId":"3HL4kqtJlcpXroDTDmJ"}}}]})";
  EXPECT_EQ(std::get<ObjectRef>(parse_event(versioned).items.at(0).content).version_id,
            "3HL4kqtJlcpXroDTDmJ");
}

}  // namespace
}  // namespace s3load
