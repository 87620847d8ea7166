// S3 events delivered by EventBridge.
#include <gtest/gtest.h>

#include "events/event_parser.h"
#include "events_test_support.h"

namespace s3load::event_tests {
namespace {

nlohmann::json object_created() {
  return nlohmann::json::parse(read_fixture("eventbridge_object_created.json"));
}

TEST(EventBridge, ObjectCreatedYieldsTheObjectWithItsKeyUsedAsItIs) {
  const ParsedEvent parsed = parse_fixture("eventbridge_object_created.json");
  EXPECT_FALSE(parsed.is_sqs_batch);
  const EventItem item = single_item(parsed);
  EXPECT_EQ(item.path, "$");
  const ObjectRef object = object_of(item);
  EXPECT_EQ(object.bucket, "acme-vendor-drop");
  EXPECT_EQ(object.key, "incoming/vendor-a/Q1 totals+adjustments.csv");
  EXPECT_EQ(object.size, 48213);
  EXPECT_EQ(object.etag, "9b2cf535f27731c974343645a3985328");
  EXPECT_EQ(object.version_id, "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e");
  EXPECT_EQ(object.sequencer, "617f08299329d189");
  EXPECT_EQ(object.event_name, "Object Created:PutObject");
  EXPECT_EQ(object.event_source, "aws.s3");
}

TEST(EventBridge, PercentEscapesInTheKeyAreNotDecoded) {
  nlohmann::json event = object_created();
  event["detail"]["object"]["key"] = "a%2Bb+c.csv";
  EXPECT_EQ(object_of(single_item(parse_event(event.dump()))).key, "a%2Bb+c.csv");
}

TEST(EventBridge, EventNameWithoutReasonIsObjectCreated) {
  nlohmann::json event = object_created();
  event["detail"].erase("reason");
  EXPECT_EQ(object_of(single_item(parse_event(event.dump()))).event_name, "Object Created");
}

TEST(EventBridge, OtherS3DetailTypesAreIgnored) {
  EXPECT_EQ(ignored_of(single_item(parse_fixture("eventbridge_object_deleted.json"))).reason,
            "EventBridge \"Object Deleted\" is not an object-created event; nothing to load");
  for (const char* detail_type : {"Object Restore Completed", "Object Tags Added", "Object ACL Updated",
                                  "Object Storage Class Changed"}) {
    nlohmann::json event = object_created();
    event["detail-type"] = detail_type;
    EXPECT_EQ(
        ignored_of(single_item(parse_event(event.dump()))).reason,
        "EventBridge \"" + std::string(detail_type) + "\" is not an object-created event; nothing to load");
  }
}

TEST(EventBridge, EventFromAnotherSourceIsAnError) {
  const EventItem item = single_item(parse_fixture("malformed_eventbridge_ec2_source.json"));
  EXPECT_EQ(item.path, "source");
  const Error error = error_of(item);
  EXPECT_EQ(error.code, "bad_event");
  EXPECT_EQ(
      error.message,
      "source: unsupported EventBridge source \"aws.ec2\" (only \"aws.s3\" events name objects to load)");
}

TEST(EventBridge, MissingOrWrongTypedFieldsAreErrorsWithTheirPath) {
  struct Case {
    const char* pointer;
    nlohmann::json value;  // discarded: remove the member
    const char* message;
  };
  const nlohmann::json remove(nlohmann::json::value_t::discarded);
  const Case cases[] = {
      {"/source", remove, "source: missing"},
      {"/detail-type", 3, "detail-type: expected a string, got number"},
      {"/detail", remove, "detail: missing"},
      {"/detail/bucket/name", remove, "detail.bucket.name: missing"},
      {"/detail/object/key", remove, "detail.object.key: missing"},
      {"/detail/object/key", "", "detail.object.key: empty"},
      {"/detail/object/size", "big",
       "detail.object.size: expected a non-negative integer (a number or a decimal string), got \"big\""},
      {"/detail/object/version-id", 1, "detail.object.version-id: expected a string, got number"},
      {"/detail/reason", nlohmann::json::array(), "detail.reason: expected a string, got array"},
  };
  for (const Case& c : cases) {
    nlohmann::json event = object_created();
    const nlohmann::json::json_pointer pointer(c.pointer);
    if (c.value.is_discarded()) {
      event[pointer.parent_pointer()].erase(pointer.back());
    } else {
      event[pointer] = c.value;
    }
    const EventItem item = single_item(parse_event(event.dump()));
    EXPECT_EQ(error_of(item).message, c.message) << c.pointer;
    EXPECT_EQ(item.path, std::string(c.message).substr(0, std::string(c.message).find(':'))) << c.pointer;
  }
}

}  // namespace
}  // namespace s3load::event_tests
