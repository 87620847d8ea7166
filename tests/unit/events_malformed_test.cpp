// Inputs that are not events at all: each becomes exactly one permanent bad_event Error, never a throw.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "events/event_parser.h"
#include "events_test_support.h"

namespace s3load::event_tests {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::size_t SIX_MIB = std::size_t{6} * 1024 * 1024;

// The only item, which must be a permanent bad_event Error at `path`; returns its message.
std::string single_error_message(const ParsedEvent& parsed, const std::string& path = "$") {
  const EventItem item = single_item(parsed);
  EXPECT_EQ(item.path, path);
  EXPECT_FALSE(item.message_id.has_value());
  const Error error = error_of(item);
  EXPECT_EQ(error.code, "bad_event");
  EXPECT_EQ(error.error_class, ErrorClass::permanent);
  EXPECT_FALSE(parsed.is_sqs_batch);
  return error.message;
}

TEST(MalformedEvents, TruncatedJsonNamesTheByteWhereParsingStopped) {
  const std::string text = read_fixture("malformed_truncated.json");
  const std::string message = single_error_message(parse_event(text));
  EXPECT_THAT(message, StartsWith("malformed JSON at byte " + std::to_string(text.size() + 1) + ": "));
  EXPECT_THAT(message, HasSubstr("unexpected end of input"));
}

TEST(MalformedEvents, SyntaxErrorNamesItsByte) {
  EXPECT_EQ(
      single_error_message(parse_event(R"({"Records": [}])")),
      "malformed JSON at byte 14: syntax error while parsing value - unexpected '}'; expected '[', '{', or a "
      "literal");
}

TEST(MalformedEvents, TopLevelValueThatIsNotAnObjectIsAnError) {
  EXPECT_EQ(single_error_message(parse_fixture("malformed_not_object.json")),
            "expected a JSON object, got array");
  EXPECT_EQ(single_error_message(parse_event("42")), "expected a JSON object, got number");
  EXPECT_EQ(single_error_message(parse_event(R"("Records")")), "expected a JSON object, got string");
  EXPECT_EQ(single_error_message(parse_event("null")), "expected a JSON object, got null");
  EXPECT_EQ(single_error_message(parse_event("true")), "expected a JSON object, got boolean");
}

TEST(MalformedEvents, EmptyObjectIsAnError) {
  EXPECT_EQ(single_error_message(parse_fixture("malformed_empty_object.json")),
            "empty JSON object: not an S3, SQS, SNS or EventBridge event");
}

TEST(MalformedEvents, EmptyInputIsAnError) {
  EXPECT_EQ(single_error_message(parse_fixture("malformed_empty_file.json")),
            "empty input: expected a JSON event");
  EXPECT_EQ(single_error_message(parse_event("")), "empty input: expected a JSON event");
  EXPECT_THAT(single_error_message(parse_event(" \n\t ")), StartsWith("malformed JSON at byte 5: "));
}

TEST(MalformedEvents, TrailingGarbageIsAnError) {
  EXPECT_THAT(single_error_message(parse_event(R"({"Records":[]} {"Records":[]})")),
              StartsWith("malformed JSON at byte 16: "));
}

TEST(MalformedEvents, ObjectOfUnknownShapeNamesItsMembers) {
  EXPECT_EQ(single_error_message(parse_fixture("malformed_unknown_shape.json")),
            "unknown event shape: expected S3 \"Records\", an s3:TestEvent, an EventBridge event or an SNS "
            "notification; found members \"Type\", \"items\", \"orderId\"");
  EXPECT_EQ(single_error_message(parse_event(R"({"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7})")),
            "unknown event shape: expected S3 \"Records\", an s3:TestEvent, an EventBridge event or an SNS "
            "notification; found members \"a\", \"b\", \"c\", \"d\", \"e\", …");
}

TEST(MalformedEvents, RecordsThatIsNotAnArrayIsAnError) {
  EXPECT_EQ(single_error_message(parse_fixture("malformed_records_not_array.json"), "Records"),
            "Records: expected an array, got object");
  EXPECT_EQ(single_error_message(parse_event(R"({"Records":null})"), "Records"),
            "Records: expected an array, got null");
}

TEST(MalformedEvents, MissingKeyFixtureNamesThePath) {
  EXPECT_EQ(single_error_message(parse_fixture("malformed_missing_key.json"), "Records[0].s3.object.key"),
            "Records[0].s3.object.key: missing");
}

TEST(MalformedEvents, KeyThatIsNotAStringFixtureNamesThePathAndType) {
  EXPECT_EQ(single_error_message(parse_fixture("malformed_key_not_string.json"), "Records[0].s3.object.key"),
            "Records[0].s3.object.key: expected a string, got number");
}

TEST(MalformedEvents, EventLargerThanSixMebibytesIsRefusedWithoutParsing) {
  const std::string huge = R"({"Records":[)" + std::string(SIX_MIB, ' ') + "]}";
  EXPECT_EQ(single_error_message(parse_event(huge)), "event is " + std::to_string(huge.size()) +
                                                         " bytes; events larger than 6291456 bytes (Lambda's "
                                                         "6 MiB payload limit) are refused without parsing");
}

TEST(MalformedEvents, EventOfExactlySixMebibytesIsParsed) {
  std::string event = records_event(s3_record());
  event += std::string(SIX_MIB - event.size(), ' ');
  ASSERT_EQ(event.size(), SIX_MIB);
  EXPECT_EQ(object_of(single_item(parse_event(event))).key, "incoming/orders.csv");
}

TEST(MalformedEvents, DeepNestingIsRefusedBeforeParsing) {
  const std::string brackets(std::size_t{1024} * 1024, '[');
  EXPECT_EQ(single_error_message(parse_event(brackets)),
            "JSON nested deeper than 64 levels (at byte 64); no event is nested that deeply");
  const std::string braces = [] {
    std::string text;
    for (int i = 0; i < 100000; ++i)
      text += R"({"a":)";
    return text;
  }();
  EXPECT_EQ(single_error_message(parse_event(braces)),
            "JSON nested deeper than 64 levels (at byte 320); no event is nested that deeply");
}

TEST(MalformedEvents, SixtyFourLevelsAreParsedAndSixtyFiveAreNot) {
  EXPECT_EQ(single_error_message(parse_event(std::string(64, '[') + std::string(64, ']'))),
            "expected a JSON object, got array");
  EXPECT_EQ(single_error_message(parse_event(std::string(65, '[') + std::string(65, ']'))),
            "JSON nested deeper than 64 levels (at byte 64); no event is nested that deeply");
}

TEST(MalformedEvents, BracketsInsideStringsDoNotCountAsNesting) {
  const std::string key = std::string(200, '[') + "\"{" + std::string(200, '{');
  const ObjectRef object = object_of(single_item(parse_event(records_event(s3_record(key)))));
  EXPECT_EQ(object.key, key.substr(0, 200) + "\"{" + std::string(200, '{'));
}

TEST(MalformedEvents, InvalidUtf8InTheJsonTextGivesAMessageThatIsValidUtf8) {
  const std::string event = "{\"Records\":[{\"eventSource\":\"aws:s3\xFF\xFE\"}]}";
  const std::string message = single_error_message(parse_event(event));
  EXPECT_THAT(message, StartsWith("malformed JSON at byte "));
  EXPECT_NO_THROW(static_cast<void>(nlohmann::json(message).dump())) << "message is not valid UTF-8";
}

TEST(MalformedEvents, HugeUnterminatedStringGivesAShortMessage) {
  const std::string event = R"({"Records":[{"eventSource":")" + std::string(1000000, 'x');
  const std::string message = single_error_message(parse_event(event));
  EXPECT_THAT(message, StartsWith("malformed JSON at byte "));
  EXPECT_LT(message.size(), 300u);
}

}  // namespace
}  // namespace s3load::event_tests
