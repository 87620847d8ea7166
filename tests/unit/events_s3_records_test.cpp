// S3 notification records (AWS, Ceph RGW, MinIO) and the s3:TestEvent.
#include <gtest/gtest.h>

#include "events/event_parser.h"
#include "events_test_support.h"

namespace s3load::event_tests {
namespace {

TEST(S3Records, SinglePutRecordYieldsEveryObjectField) {
  const ParsedEvent parsed = parse_fixture("s3_put_single.json");
  EXPECT_FALSE(parsed.is_sqs_batch);
  EXPECT_TRUE(parsed.message_ids.empty());
  const EventItem item = single_item(parsed);
  EXPECT_EQ(item.path, "Records[0]");
  EXPECT_FALSE(item.message_id.has_value());
  const ObjectRef object = object_of(item);
  EXPECT_EQ(object.bucket, "acme-vendor-drop");
  EXPECT_EQ(object.key, "incoming/vendor-a/orders-2024-05-01.csv");
  EXPECT_EQ(object.version_id, "3HL4kqtJvjVBH40Nrjfkd.aX3sJmjO0B");
  EXPECT_EQ(object.etag, "9b2cf535f27731c974343645a3985328");
  EXPECT_EQ(object.sequencer, "00663182DC7A1B2F4E");
  EXPECT_EQ(object.size, 48213);
  EXPECT_EQ(object.event_name, "ObjectCreated:Put");
  EXPECT_EQ(object.event_source, "aws:s3");
}

TEST(S3Records, EveryRecordOfAMultiRecordEventIsRead) {
  const ParsedEvent parsed = parse_fixture("s3_three_records.json");
  ASSERT_EQ(parsed.items.size(), 3u) << describe_items(parsed);
  EXPECT_EQ(parsed.items[0].path, "Records[0]");
  EXPECT_EQ(parsed.items[1].path, "Records[1]");
  EXPECT_EQ(parsed.items[2].path, "Records[2]");
  const ObjectRef first = object_of(parsed.items[0]);
  const ObjectRef second = object_of(parsed.items[1]);
  const ObjectRef third = object_of(parsed.items[2]);
  EXPECT_EQ(first.key, "incoming/vendor-a/orders-2024-05-01.csv");
  EXPECT_EQ(first.event_name, "ObjectCreated:Put");
  EXPECT_EQ(second.key, "incoming/vendor-b/customers.csv.gz");
  EXPECT_EQ(second.event_name, "ObjectCreated:CompleteMultipartUpload");
  EXPECT_EQ(second.etag, "d41d8cd98f00b204e9800998ecf8427e-14");
  EXPECT_EQ(second.size, 73400320);
  EXPECT_FALSE(second.version_id.has_value());
  EXPECT_EQ(third.key, "incoming/vendor-c/prices.csv");
  EXPECT_EQ(third.event_name, "ObjectCreated:Copy");
  EXPECT_EQ(third.sequencer, "00663182DC9D7E3C55");
}

TEST(S3Records, LambdaConsoleSampleIsAnOrdinaryRecordWithItsKeyDecoded) {
  const ObjectRef object = object_of(single_item(parse_fixture("s3_console_sample.json")));
  EXPECT_EQ(object.bucket, "example-bucket");
  EXPECT_EQ(object.key, "test/key");
  EXPECT_EQ(object.etag, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(object.sequencer, "0A1B2C3D4E5F678901");
  EXPECT_EQ(object.size, 1024);
  EXPECT_FALSE(object.version_id.has_value());
  EXPECT_EQ(object.event_name, "ObjectCreated:Put");
  EXPECT_EQ(object.event_source, "aws:s3");
}

TEST(S3Records, TestEventIsIgnoredAndNamesItsBucket) {
  const EventItem item = single_item(parse_fixture("s3_test_event.json"));
  EXPECT_EQ(item.path, "$");
  EXPECT_EQ(ignored_of(item).reason, "s3:TestEvent for bucket acme-vendor-drop: nothing to load");
}

TEST(S3Records, TestEventWithoutBucketIsStillIgnored) {
  const EventItem item = single_item(parse_event(R"({"Service":"Amazon S3","Event":"s3:TestEvent"})"));
  EXPECT_EQ(ignored_of(item).reason, "s3:TestEvent: nothing to load");
}

TEST(S3Records, ObjectRemovedRecordIsIgnoredWithTheReason) {
  const EventItem item = single_item(parse_fixture("s3_object_removed.json"));
  EXPECT_EQ(item.path, "Records[0]");
  EXPECT_EQ(ignored_of(item).reason, "ObjectRemoved:Delete is not an object-created event; nothing to load");
}

TEST(S3Records, EveryEventNameThatIsNotObjectCreatedIsIgnored) {
  const std::pair<const char*, const char*> cases[] = {
      {"ObjectRestore:Completed", "ObjectRestore:Completed"},
      {"ObjectRestore:Post", "ObjectRestore:Post"},
      {"Replication:OperationFailedReplication", "Replication:OperationFailedReplication"},
      {"LifecycleExpiration:Delete", "LifecycleExpiration:Delete"},
      {"LifecycleTransition", "LifecycleTransition"},
      {"ObjectTagging:Put", "ObjectTagging:Put"},
      {"ObjectAcl:Put", "ObjectAcl:Put"},
      {"s3:ObjectRemoved:DeleteMarkerCreated", "ObjectRemoved:DeleteMarkerCreated"},
      {"s3:TestEvent", "s3:TestEvent"},
  };
  for (const auto& [event_name, shown] : cases) {
    nlohmann::json record = s3_record();
    record["eventName"] = event_name;
    const EventItem item = single_item(parse_event(records_event(record)));
    EXPECT_EQ(ignored_of(item).reason,
              std::string(shown) + " is not an object-created event; nothing to load")
        << event_name;
  }
}

TEST(S3Records, IgnoredRecordsNeedNoObjectFields) {
  nlohmann::json record = s3_record();
  record["eventName"] = "ObjectRemoved:Delete";
  record["s3"].erase("object");
  EXPECT_EQ(ignored_of(single_item(parse_event(records_event(record)))).reason,
            "ObjectRemoved:Delete is not an object-created event; nothing to load");
}

TEST(S3Records, EveryObjectCreatedNameYieldsAnObject) {
  for (const char* event_name : {"ObjectCreated:Put", "ObjectCreated:Post", "ObjectCreated:Copy",
                                 "ObjectCreated:CompleteMultipartUpload", "s3:ObjectCreated:Put"}) {
    nlohmann::json record = s3_record();
    record["eventName"] = event_name;
    const ObjectRef object = object_of(single_item(parse_event(records_event(record))));
    EXPECT_EQ(object.key, "incoming/orders.csv") << event_name;
  }
}

TEST(S3Records, PlusInAnAwsKeyIsASpace) {
  const ObjectRef object = object_of(single_item(parse_fixture("s3_key_with_spaces.json")));
  EXPECT_EQ(object.key, "vendor upload Q1.csv");
}

TEST(S3Records, PercentTwoBInAnAwsKeyIsAPlus) {
  const ObjectRef object = object_of(single_item(parse_fixture("s3_key_with_plus.json")));
  EXPECT_EQ(object.key, "a+b.csv");
}

TEST(S3Records, PercentEscapedUtf8InAnAwsKeyIsDecoded) {
  const ObjectRef object = object_of(single_item(parse_fixture("s3_key_unicode.json")));
  EXPECT_EQ(object.key, "caf\u00e9 r\u00e9sum\u00e9.csv");
}

TEST(S3Records, CephKeyIsUsedAsItIsAndItsEmptyVersionIdIsAbsent) {
  const EventItem item = single_item(parse_fixture("ceph_rgw_put.json"));
  EXPECT_EQ(item.path, "Records[0]");
  const ObjectRef object = object_of(item);
  EXPECT_EQ(object.bucket, "vendor-drop");
  EXPECT_EQ(object.key, "incoming/Q1 report+final.csv");
  EXPECT_FALSE(object.version_id.has_value());
  EXPECT_EQ(object.etag, "37b51d194a7513e45b56f6524f2d51f2");
  // Ceph writes seconds and nanoseconds little-endian; the parser rewrites them so they order by time.
  EXPECT_EQ(object.sequencer, "5DD7E6F708D142C7");
  EXPECT_EQ(object.size, 1024);  // sent as the string "1024"
  EXPECT_EQ(object.event_name, "ObjectCreated:Put");
  EXPECT_EQ(object.event_source, "ceph:s3");
}

TEST(S3Records, CephKeyWithPercentIsNotDecoded) {
  nlohmann::json record = s3_record("reports/100%25 done+final.csv");
  record["eventSource"] = "ceph:s3";
  EXPECT_EQ(object_of(single_item(parse_event(records_event(record)))).key, "reports/100%25 done+final.csv");
}

TEST(S3Records, MinioKeyIsFormDecodedAndTheS3PrefixIsDropped) {
  const ObjectRef object = object_of(single_item(parse_fixture("minio_put.json")));
  EXPECT_EQ(object.bucket, "vendor-drop");
  EXPECT_EQ(object.key, "daily/orders 2024-05-01.csv");
  EXPECT_EQ(object.event_name, "ObjectCreated:Put");
  EXPECT_EQ(object.event_source, "minio:s3");
  EXPECT_EQ(object.size, 2210);
  EXPECT_EQ(object.etag, "7215ee9c7d9dc229d2921a40e899ec5f");
  EXPECT_EQ(object.sequencer, "17CB0A3C2D1F0A9B");
}

TEST(S3Records, EmptyRecordsArrayYieldsNoItems) {
  const ParsedEvent parsed = parse_fixture("s3_records_empty.json");
  EXPECT_TRUE(parsed.items.empty()) << describe_items(parsed);
  EXPECT_FALSE(parsed.is_sqs_batch);
  EXPECT_TRUE(parsed.message_ids.empty());
}

TEST(S3Records, ABadRecordDoesNotHideTheOthers) {
  const ParsedEvent parsed = parse_fixture("s3_one_bad_record_among_good.json");
  ASSERT_EQ(parsed.items.size(), 3u) << describe_items(parsed);
  EXPECT_EQ(object_of(parsed.items[0]).key, "incoming/vendor-a/orders-2024-05-01.csv");
  EXPECT_EQ(parsed.items[1].path, "Records[1].s3.object.key");
  EXPECT_EQ(error_of(parsed.items[1]).message, "Records[1].s3.object.key: missing");
  EXPECT_EQ(object_of(parsed.items[2]).key, "incoming/vendor-c/prices.csv");
}

TEST(S3Records, AnyMinorOfEventVersionTwoIsAccepted) {
  for (const char* version : {"2.0", "2.1", "2.2", "2.3", "2.6", "2.9", "2.10", "2"}) {
    nlohmann::json record = s3_record();
    record["eventVersion"] = version;
    EXPECT_EQ(object_of(single_item(parse_event(records_event(record)))).key, "incoming/orders.csv")
        << version;
  }
}

TEST(S3Records, MissingEventVersionIsReadAsVersionTwo) {
  nlohmann::json record = s3_record();
  record.erase("eventVersion");
  EXPECT_EQ(object_of(single_item(parse_event(records_event(record)))).key, "incoming/orders.csv");
}

TEST(S3Records, OtherMajorEventVersionsAreRefusedNamingPathAndValue) {
  for (const char* version : {"3.0", "1.0", "20.1", "0.2"}) {
    nlohmann::json record = s3_record();
    record["eventVersion"] = version;
    const EventItem item = single_item(parse_event(records_event(record)));
    EXPECT_EQ(item.path, "Records[0].eventVersion");
    EXPECT_EQ(error_of(item).message, std::string("Records[0].eventVersion: unsupported eventVersion \"") +
                                          version +
                                          "\": only major version 2 of the S3 event format is understood");
  }
}

TEST(S3Records, EventVersionThreeFixtureIsRefused) {
  const EventItem item = single_item(parse_fixture("malformed_event_version_3.json"));
  const Error error = error_of(item);
  EXPECT_EQ(error.code, "bad_event");
  EXPECT_EQ(error.error_class, ErrorClass::permanent);
  EXPECT_EQ(error.message,
            "Records[0].eventVersion: unsupported eventVersion \"3.0\": only major version 2 of the S3 event "
            "format is understood");
}

TEST(S3Records, MalformedEventVersionIsRefused) {
  nlohmann::json record = s3_record();
  record["eventVersion"] = "two";
  EXPECT_EQ(error_of(single_item(parse_event(records_event(record)))).message,
            "Records[0].eventVersion: expected a version such as \"2.1\", got \"two\"");
  record["eventVersion"] = 2.1;
  EXPECT_EQ(error_of(single_item(parse_event(records_event(record)))).message,
            "Records[0].eventVersion: expected a string such as \"2.1\", got number");
  record["eventVersion"] = "2..1";
  EXPECT_EQ(error_of(single_item(parse_event(records_event(record)))).message,
            "Records[0].eventVersion: expected a version such as \"2.1\", got \"2..1\"");
}

TEST(S3Records, UnknownFieldsAreIgnored) {
  nlohmann::json record = s3_record();
  record["glacierEventData"] = {{"restoreEventData", {{"lifecycleRestorationExpiryTime", "x"}}}};
  record["s3"]["object"]["newField"] = nlohmann::json::array({1, 2, 3});
  record["s3"]["bucket"]["id"] = 7;
  EXPECT_EQ(object_of(single_item(parse_event(records_event(record)))).key, "incoming/orders.csv");
}

TEST(S3Records, EtagQuotesAreStrippedAndEmptyOptionalFieldsAreAbsent) {
  nlohmann::json record = s3_record();
  record["s3"]["object"]["eTag"] = "\"9b2cf535f27731c974343645a3985328\"";
  record["s3"]["object"]["versionId"] = nullptr;
  record["s3"]["object"]["sequencer"] = "";
  record["s3"]["object"].erase("size");
  ObjectRef object = object_of(single_item(parse_event(records_event(record))));
  EXPECT_EQ(object.etag, "9b2cf535f27731c974343645a3985328");
  EXPECT_FALSE(object.version_id.has_value());
  EXPECT_FALSE(object.sequencer.has_value());
  EXPECT_FALSE(object.size.has_value());

  record["s3"]["object"]["eTag"] = "";
  record["s3"]["object"]["versionId"] = "";
  record["s3"]["object"]["size"] = "";
  object = object_of(single_item(parse_event(records_event(record))));
  EXPECT_FALSE(object.etag.has_value());
  EXPECT_FALSE(object.version_id.has_value());
  EXPECT_FALSE(object.size.has_value());

  record["s3"]["object"]["eTag"] = "\"\"";
  EXPECT_FALSE(object_of(single_item(parse_event(records_event(record)))).etag.has_value());
}

TEST(S3Records, SizeIsANumberOrADecimalString) {
  nlohmann::json record = s3_record();
  record["s3"]["object"]["size"] = "9223372036854775807";
  EXPECT_EQ(object_of(single_item(parse_event(records_event(record)))).size, 9223372036854775807);
  record["s3"]["object"]["size"] = 0;
  EXPECT_EQ(object_of(single_item(parse_event(records_event(record)))).size, 0);
}

TEST(S3Records, BadSizesAreErrorsNamingTheValue) {
  const std::pair<nlohmann::json, const char*> cases[] = {
      {-5, "expected a non-negative integer (a number or a decimal string), got -5"},
      {1.5, "expected a non-negative integer (a number or a decimal string), got 1.5"},
      {"12kB", "expected a non-negative integer (a number or a decimal string), got \"12kB\""},
      {"-3", "expected a non-negative integer (a number or a decimal string), got \"-3\""},
      {"9223372036854775808",
       "expected a non-negative integer (a number or a decimal string), got "
       "\"9223372036854775808\""},
      {9223372036854775808ULL,
       "expected a non-negative integer (a number or a decimal string), got "
       "9223372036854775808"},
      {true, "expected a number, got boolean"},
  };
  for (const auto& [size, expected] : cases) {
    nlohmann::json record = s3_record();
    record["s3"]["object"]["size"] = size;
    const EventItem item = single_item(parse_event(records_event(record)));
    EXPECT_EQ(item.path, "Records[0].s3.object.size");
    EXPECT_EQ(error_of(item).message, std::string("Records[0].s3.object.size: ") + expected);
  }
}

TEST(S3Records, NonHexadecimalSequencerIsAnError) {
  nlohmann::json record = s3_record();
  record["s3"]["object"]["sequencer"] = "Happy Sequencer";
  EXPECT_EQ(
      error_of(single_item(parse_event(records_event(record)))).message,
      "Records[0].s3.object.sequencer: expected hexadecimal digits, got \"Happy Sequencer\" (the sequencer "
      "orders events of one key as a hexadecimal number)");
}

TEST(S3Records, WrongTypedOptionalFieldsAreErrors) {
  nlohmann::json record = s3_record();
  record["s3"]["object"]["versionId"] = 17;
  EXPECT_EQ(error_of(single_item(parse_event(records_event(record)))).message,
            "Records[0].s3.object.versionId: expected a string, got number");
  record = s3_record();
  record["s3"]["object"]["eTag"] = nlohmann::json::object();
  EXPECT_EQ(error_of(single_item(parse_event(records_event(record)))).message,
            "Records[0].s3.object.eTag: expected a string, got object");
}

TEST(S3Records, MissingOrWrongTypedRequiredFieldsAreErrorsWithTheirPath) {
  struct Case {
    const char* pointer;   // JSON pointer of the member to change
    nlohmann::json value;  // discarded JSON value: remove the member
    const char* path;
    const char* message;
  };
  const nlohmann::json remove(nlohmann::json::value_t::discarded);
  const Case cases[] = {
      {"/eventName", remove, "Records[0].eventName", "Records[0].eventName: missing"},
      {"/eventName", 5, "Records[0].eventName", "Records[0].eventName: expected a string, got number"},
      {"/eventName", "", "Records[0].eventName", "Records[0].eventName: empty"},
      {"/s3", remove, "Records[0].s3", "Records[0].s3: missing"},
      {"/s3", "bucket", "Records[0].s3", "Records[0].s3: expected an object, got string"},
      {"/s3/bucket", remove, "Records[0].s3.bucket", "Records[0].s3.bucket: missing"},
      {"/s3/bucket/name", remove, "Records[0].s3.bucket.name", "Records[0].s3.bucket.name: missing"},
      {"/s3/bucket/name", "", "Records[0].s3.bucket.name", "Records[0].s3.bucket.name: empty"},
      {"/s3/bucket/name", nullptr, "Records[0].s3.bucket.name",
       "Records[0].s3.bucket.name: expected a string, got null"},
      {"/s3/object", nlohmann::json::array(), "Records[0].s3.object",
       "Records[0].s3.object: expected an object, got array"},
      {"/s3/object/key", remove, "Records[0].s3.object.key", "Records[0].s3.object.key: missing"},
      {"/s3/object/key", "", "Records[0].s3.object.key", "Records[0].s3.object.key: empty"},
      {"/s3/object/key", false, "Records[0].s3.object.key",
       "Records[0].s3.object.key: expected a string, got boolean"},
      {"/eventSource", remove, "Records[0].eventSource", "Records[0].eventSource: missing"},
      {"/eventSource", 1, "Records[0].eventSource", "Records[0].eventSource: expected a string, got number"},
  };
  for (const Case& c : cases) {
    nlohmann::json record = s3_record();
    const nlohmann::json::json_pointer pointer(c.pointer);
    if (c.value.is_discarded()) {
      record[pointer.parent_pointer()].erase(pointer.back());
    } else {
      record[pointer] = c.value;
    }
    const EventItem item = single_item(parse_event(records_event(record)));
    EXPECT_EQ(item.path, c.path) << c.pointer;
    const Error error = error_of(item);
    EXPECT_EQ(error.message, c.message) << c.pointer;
    EXPECT_EQ(error.code, "bad_event");
    EXPECT_EQ(error.error_class, ErrorClass::permanent);
  }
}

TEST(S3Records, BucketNameOfTheWrongTypeFixtureIsAnError) {
  const EventItem item = single_item(parse_fixture("malformed_bucket_name_number.json"));
  EXPECT_EQ(item.path, "Records[0].s3.bucket.name");
  EXPECT_EQ(error_of(item).message, "Records[0].s3.bucket.name: expected a string, got number");
}

TEST(S3Records, UnsupportedEventSourceIsAnError) {
  const EventItem item = single_item(parse_fixture("malformed_unknown_event_source.json"));
  EXPECT_EQ(item.path, "Records[0].eventSource");
  EXPECT_EQ(
      error_of(item).message,
      "Records[0].eventSource: unsupported eventSource \"aws:kinesis\" (expected aws:s3, minio:s3, ceph:s3, "
      "aws:sqs or aws:sns)");
}

TEST(S3Records, RecordThatIsNotAnObjectIsAnErrorAndTheOthersAreRead) {
  const nlohmann::json event = {
      {"Records", nlohmann::json::array({s3_record("a.csv"), "oops", s3_record("b.csv")})}};
  const ParsedEvent parsed = parse_event(event.dump());
  ASSERT_EQ(parsed.items.size(), 3u) << describe_items(parsed);
  EXPECT_EQ(object_of(parsed.items[0]).key, "a.csv");
  EXPECT_EQ(parsed.items[1].path, "Records[1]");
  EXPECT_EQ(error_of(parsed.items[1]).message, "Records[1]: expected an object, got string");
  EXPECT_EQ(object_of(parsed.items[2]).key, "b.csv");
}

TEST(S3Records, KeyWithAMalformedEscapeIsAnErrorNamingTheRawKey) {
  const EventItem item = single_item(parse_fixture("malformed_bad_escape.json"));
  EXPECT_EQ(item.path, "Records[0].s3.object.key");
  EXPECT_EQ(error_of(item).message,
            "Records[0].s3.object.key: \"reports/100%+done.csv\" has a malformed percent-escape at byte 11 "
            "(form-encoded keys use '%' followed by two hexadecimal digits)");
}

TEST(S3Records, KeyThatDecodesToInvalidUtf8IsAnErrorNamingTheRawKey) {
  const EventItem item = single_item(parse_fixture("malformed_invalid_utf8_key.json"));
  EXPECT_EQ(item.path, "Records[0].s3.object.key");
  EXPECT_EQ(
      error_of(item).message,
      "Records[0].s3.object.key: \"caf%E9.csv\" decodes to bytes that are not valid UTF-8 (at byte 3 of the "
      "decoded key); S3 keys are UTF-8");
}

TEST(S3Records, KeyWithANulCharacterIsRefused) {
  EXPECT_EQ(error_of(single_item(parse_event(records_event(s3_record("a%00b.csv"))))).message,
            "Records[0].s3.object.key: \"a%00b.csv\" names a key with a NUL character, which the ledger "
            "(PostgreSQL text) cannot store");
  nlohmann::json record = s3_record(std::string("a\0b.csv", 7));
  record["eventSource"] = "ceph:s3";
  EXPECT_EQ(error_of(single_item(parse_event(records_event(record)))).message,
            "Records[0].s3.object.key: \"a\\u0000b.csv\" names a key with a NUL character, which the ledger "
            "(PostgreSQL text) cannot store");
}

TEST(S3Records, HugeRawKeyIsCutInTheMessage) {
  const std::string key = std::string(100000, 'k') + "%zz";
  const Error error = error_of(single_item(parse_event(records_event(s3_record(key)))));
  EXPECT_LT(error.message.size(), 1300u);
  EXPECT_NE(error.message.find("kkk\u2026\" has a malformed percent-escape at byte 100000"),
            std::string::npos)
      << error.message.substr(0, 200);
}

}  // namespace
}  // namespace s3load::event_tests
