// SQS batches and SNS envelopes around S3 events.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "events/event_parser.h"
#include "events_test_support.h"

namespace s3load::event_tests {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string sqs_batch(const std::vector<nlohmann::json>& messages) {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& message : messages)
    records.push_back(message);
  return nlohmann::json{{"Records", records}}.dump();
}

std::string sns_notification(const std::string& message) {
  return nlohmann::json{{"Type", "Notification"},
                        {"MessageId", "a1b2c3d4-5e6f-5a7b-8c9d-0e1f2a3b4c5d"},
                        {"TopicArn", "arn:aws:sns:eu-west-1:111122223333:vendor-drop-events"},
                        {"Subject", "Amazon S3 Notification"},
                        {"Message", message},
                        {"Timestamp", "2024-05-01T06:12:45.731Z"}}
      .dump();
}

constexpr std::string_view TEST_EVENT =
    R"({"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2024-05-01T06:00:02.089Z","Bucket":"acme-vendor-drop"})";

TEST(SqsBatch, MixedBatchYieldsOneItemPerMessageEachCarryingItsMessageId) {
  const ParsedEvent parsed = parse_fixture("sqs_batch_mixed.json");
  EXPECT_TRUE(parsed.is_sqs_batch);
  EXPECT_EQ(parsed.message_ids, (std::vector<std::string>{"2e1424d4-f796-459a-8184-9c92662be6da",
                                                          "db37b7a9-2b37-4c4b-9d02-58e6c1f1ea3c",
                                                          "6f8a3c11-54b0-4f45-b7a6-0d5c1e2f9a77"}));
  ASSERT_EQ(parsed.items.size(), 3u) << describe_items(parsed);

  EXPECT_EQ(parsed.items[0].path, "Records[0].body.Records[0]");
  EXPECT_EQ(parsed.items[0].message_id, "2e1424d4-f796-459a-8184-9c92662be6da");
  const ObjectRef object = object_of(parsed.items[0]);
  EXPECT_EQ(object.bucket, "acme-vendor-drop");
  EXPECT_EQ(object.key, "incoming/vendor-b/stock levels.csv");
  EXPECT_EQ(object.size, 9911);
  EXPECT_EQ(object.event_source, "aws:s3");

  EXPECT_EQ(parsed.items[1].path, "Records[1].body");
  EXPECT_EQ(parsed.items[1].message_id, "db37b7a9-2b37-4c4b-9d02-58e6c1f1ea3c");
  const Error error = error_of(parsed.items[1]);
  EXPECT_EQ(error.code, "bad_event");
  EXPECT_EQ(error.error_class, ErrorClass::permanent);
  EXPECT_THAT(error.message, StartsWith("Records[1].body: malformed JSON at byte 1: "));
  EXPECT_THAT(error.message, HasSubstr("invalid literal"));

  EXPECT_EQ(parsed.items[2].path, "Records[2].body");
  EXPECT_EQ(parsed.items[2].message_id, "6f8a3c11-54b0-4f45-b7a6-0d5c1e2f9a77");
  EXPECT_EQ(ignored_of(parsed.items[2]).reason, "s3:TestEvent for bucket acme-vendor-drop: nothing to load");
}

TEST(SqsBatch, ErrorsInsideABodyNameTheNestedPath) {
  nlohmann::json record = s3_record();
  record["s3"]["object"].erase("key");
  const std::string event = sqs_batch(
      {sqs_message("m-1", records_event(s3_record("good.csv"))), sqs_message("m-2", records_event(record))});
  const ParsedEvent parsed = parse_event(event);
  ASSERT_EQ(parsed.items.size(), 2u) << describe_items(parsed);
  EXPECT_EQ(object_of(parsed.items[0]).key, "good.csv");
  EXPECT_EQ(parsed.items[1].path, "Records[1].body.Records[0].s3.object.key");
  EXPECT_EQ(parsed.items[1].message_id, "m-2");
  EXPECT_EQ(error_of(parsed.items[1]).message, "Records[1].body.Records[0].s3.object.key: missing");
}

TEST(SqsBatch, EveryRecordOfABodyIsRead) {
  const nlohmann::json body = {
      {"Records", nlohmann::json::array({s3_record("one.csv"), s3_record("two.csv")})}};
  const ParsedEvent parsed = parse_event(sqs_batch({sqs_message("m-1", body.dump())}));
  ASSERT_EQ(parsed.items.size(), 2u) << describe_items(parsed);
  EXPECT_EQ(parsed.items[0].path, "Records[0].body.Records[0]");
  EXPECT_EQ(parsed.items[1].path, "Records[0].body.Records[1]");
  EXPECT_EQ(object_of(parsed.items[0]).key, "one.csv");
  EXPECT_EQ(object_of(parsed.items[1]).key, "two.csv");
  EXPECT_EQ(parsed.items[1].message_id, "m-1");
}

TEST(SqsBatch, MessageYieldingNoItemsIsStillListed) {
  const ParsedEvent parsed = parse_event(sqs_batch({sqs_message("m-1", R"({"Records":[]})")}));
  EXPECT_TRUE(parsed.is_sqs_batch);
  EXPECT_TRUE(parsed.items.empty()) << describe_items(parsed);
  EXPECT_EQ(parsed.message_ids, std::vector<std::string>{"m-1"});
}

TEST(SqsBatch, MessageWithoutMessageIdIsAnErrorNamingThePath) {
  const ParsedEvent parsed = parse_fixture("malformed_sqs_missing_message_id.json");
  EXPECT_TRUE(parsed.is_sqs_batch);
  EXPECT_TRUE(parsed.message_ids.empty());
  const EventItem item = single_item(parsed);
  EXPECT_EQ(item.path, "Records[0].messageId");
  EXPECT_FALSE(item.message_id.has_value());
  EXPECT_EQ(error_of(item).message, "Records[0].messageId: missing");
}

TEST(SqsBatch, BodyThatIsNotAStringIsAnErrorOfThatMessage) {
  nlohmann::json message = sqs_message("m-1", "");
  message["body"] = nlohmann::json::object();
  const EventItem item = single_item(parse_event(sqs_batch({message})));
  EXPECT_EQ(item.path, "Records[0].body");
  EXPECT_EQ(item.message_id, "m-1");
  EXPECT_EQ(error_of(item).message, "Records[0].body: expected a string, got object");

  message.erase("body");
  EXPECT_EQ(error_of(single_item(parse_event(sqs_batch({message})))).message, "Records[0].body: missing");
}

TEST(SqsBatch, BodyOfUnknownShapeIsAnErrorOfThatMessage) {
  const ParsedEvent parsed =
      parse_event(sqs_batch({sqs_message("m-1", "{}"), sqs_message("m-2", R"({"orderId":7})"),
                             sqs_message("m-3", "[1]"), sqs_message("m-4", "")}));
  ASSERT_EQ(parsed.items.size(), 4u) << describe_items(parsed);
  EXPECT_EQ(parsed.items[0].message_id, "m-1");
  EXPECT_EQ(error_of(parsed.items[0]).message,
            "Records[0].body: empty JSON object: not an S3, SQS, SNS or EventBridge event");
  EXPECT_EQ(parsed.items[1].message_id, "m-2");
  EXPECT_EQ(error_of(parsed.items[1]).message,
            "Records[1].body: unknown event shape: expected S3 \"Records\", an s3:TestEvent, an EventBridge "
            "event or "
            "an SNS notification; found members \"orderId\"");
  EXPECT_EQ(parsed.items[2].message_id, "m-3");
  EXPECT_EQ(error_of(parsed.items[2]).message, "Records[2].body: expected a JSON object, got array");
  EXPECT_EQ(parsed.items[3].message_id, "m-4");
  EXPECT_EQ(error_of(parsed.items[3]).message, "Records[3].body: empty input: expected a JSON event");
}

TEST(SqsBatch, BodyHoldingAnotherSqsBatchIsRefused) {
  const std::string inner = sqs_batch({sqs_message("inner", records_event(s3_record()))});
  const EventItem item = single_item(parse_event(sqs_batch({sqs_message("outer", inner)})));
  EXPECT_EQ(item.path, "Records[0].body.Records[0].eventSource");
  EXPECT_EQ(item.message_id, "outer");
  EXPECT_EQ(
      error_of(item).message,
      "Records[0].body.Records[0].eventSource: \"aws:sqs\" records are accepted only at the top level of an "
      "event, not inside an SQS message body or an SNS message");
}

TEST(SqsBatch, BodyMayBeAnEventBridgeEvent) {
  const std::string body = read_fixture("eventbridge_object_created.json");
  const EventItem item = single_item(parse_event(sqs_batch({sqs_message("m-1", body)})));
  EXPECT_EQ(item.path, "Records[0].body");
  EXPECT_EQ(item.message_id, "m-1");
  EXPECT_EQ(object_of(item).key, "incoming/vendor-a/Q1 totals+adjustments.csv");
}

TEST(SqsBatch, DeeplyNestedBodyIsRefusedWithoutParsing) {
  const EventItem item = single_item(parse_event(sqs_batch({sqs_message("m-1", std::string(100000, '['))})));
  EXPECT_EQ(item.message_id, "m-1");
  EXPECT_EQ(
      error_of(item).message,
      "Records[0].body: JSON nested deeper than 64 levels (at byte 64); no event is nested that deeply");
}

TEST(SnsEnvelope, InsideSqsIsUnwrapped) {
  const ParsedEvent parsed = parse_fixture("sns_in_sqs.json");
  EXPECT_TRUE(parsed.is_sqs_batch);
  EXPECT_EQ(parsed.message_ids, std::vector<std::string>{"c80e8021-a70a-42c7-a470-796e1186f753"});
  const EventItem item = single_item(parsed);
  EXPECT_EQ(item.path, "Records[0].body.Message.Records[0]");
  EXPECT_EQ(item.message_id, "c80e8021-a70a-42c7-a470-796e1186f753");
  const ObjectRef object = object_of(item);
  EXPECT_EQ(object.bucket, "acme-vendor-drop");
  EXPECT_EQ(object.key, "incoming/vendor-c/prices:2024-05.csv");
  EXPECT_EQ(object.version_id, "wL3Ww0a2vLz3p8i0V9iZr1Zb2N5TyS7E");
  EXPECT_EQ(object.sequencer, "0066318B1D2E3F4A5B");
}

TEST(SnsEnvelope, DirectSnsRecordIsUnwrapped) {
  const ParsedEvent parsed = parse_fixture("sns_direct.json");
  EXPECT_FALSE(parsed.is_sqs_batch);
  EXPECT_TRUE(parsed.message_ids.empty());
  const EventItem item = single_item(parsed);
  EXPECT_EQ(item.path, "Records[0].Sns.Message.Records[0]");
  EXPECT_FALSE(item.message_id.has_value());
  const ObjectRef object = object_of(item);
  EXPECT_EQ(object.key, "incoming/vendor-d/returns 2024-05-01.csv");
  EXPECT_EQ(object.etag, "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(object.size, 3301);
}

TEST(SnsEnvelope, TestEventInsideSnsIsIgnored) {
  const EventItem item =
      single_item(parse_event(sqs_batch({sqs_message("m-1", sns_notification(std::string(TEST_EVENT)))})));
  EXPECT_EQ(item.path, "Records[0].body.Message");
  EXPECT_EQ(item.message_id, "m-1");
  EXPECT_EQ(ignored_of(item).reason, "s3:TestEvent for bucket acme-vendor-drop: nothing to load");
}

TEST(SnsEnvelope, NotificationAtTheTopLevelIsUnwrapped) {
  const EventItem item = single_item(parse_event(sns_notification(records_event(s3_record("x+y.csv")))));
  EXPECT_EQ(item.path, "Message.Records[0]");
  EXPECT_EQ(object_of(item).key, "x y.csv");
}

TEST(SnsEnvelope, SubscriptionConfirmationIsIgnored) {
  const nlohmann::json confirmation = {{"Type", "SubscriptionConfirmation"},
                                       {"MessageId", "165545c9-2a5c-472c-8df2-7ff2be2b3b1b"},
                                       {"Token", "2336412f37f"},
                                       {"TopicArn", "arn:aws:sns:eu-west-1:111122223333:vendor-drop-events"},
                                       {"Message", "You have chosen to subscribe to the topic"}};
  const EventItem item = single_item(parse_event(sqs_batch({sqs_message("m-1", confirmation.dump())})));
  EXPECT_EQ(item.path, "Records[0].body");
  EXPECT_EQ(ignored_of(item).reason,
            "SNS \"SubscriptionConfirmation\" message is not an S3 event; nothing to load");
}

TEST(SnsEnvelope, MessageThatIsNotAStringOrNotJsonIsAnError) {
  nlohmann::json envelope = nlohmann::json::parse(sns_notification("x"));
  envelope["Message"] = 42;
  EventItem item = single_item(parse_event(sqs_batch({sqs_message("m-1", envelope.dump())})));
  EXPECT_EQ(item.path, "Records[0].body.Message");
  EXPECT_EQ(item.message_id, "m-1");
  EXPECT_EQ(error_of(item).message, "Records[0].body.Message: expected a string, got number");

  item = single_item(parse_event(sqs_batch({sqs_message("m-1", sns_notification("Hello from SNS!"))})));
  EXPECT_EQ(item.path, "Records[0].body.Message");
  EXPECT_THAT(error_of(item).message, StartsWith("Records[0].body.Message: malformed JSON at byte 1: "));
}

TEST(SnsEnvelope, SnsInsideAnSnsMessageIsRefused) {
  const std::string nested = sns_notification(sns_notification(records_event(s3_record())));
  const EventItem item = single_item(parse_event(nested));
  EXPECT_EQ(item.path, "Message");
  EXPECT_EQ(error_of(item).message, "Message: an SNS notification inside an SNS message is not an S3 event");
}

TEST(SnsEnvelope, DirectSnsRecordWithoutSnsMemberIsAnError) {
  const nlohmann::json record = {{"EventSource", "aws:sns"}, {"EventVersion", "1.0"}};
  const EventItem item = single_item(parse_event(records_event(record)));
  EXPECT_EQ(item.path, "Records[0].Sns");
  EXPECT_EQ(error_of(item).message, "Records[0].Sns: missing");
}

}  // namespace
}  // namespace s3load::event_tests
