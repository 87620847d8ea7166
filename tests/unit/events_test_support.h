// Helpers shared by the event parser tests: fixture loading, building events, reading items.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "events/event_parser.h"

namespace s3load::event_tests {

inline std::string events_fixture_dir() {
  return std::string(S3LOAD_FIXTURES_DIR) + "/events";
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string read_fixture(std::string_view name) {
  return read_file(events_fixture_dir() + "/" + std::string(name));
}

inline ParsedEvent parse_fixture(std::string_view name) {
  return parse_event(read_fixture(name));
}

// A realistic AWS S3 record, to be altered by a test.
inline nlohmann::json s3_record(std::string key = "incoming/orders.csv") {
  return {
      {"eventVersion", "2.1"},
      {"eventSource", "aws:s3"},
      {"awsRegion", "eu-west-1"},
      {"eventTime", "2024-05-01T06:12:44.517Z"},
      {"eventName", "ObjectCreated:Put"},
      {"s3",
       {{"s3SchemaVersion", "1.0"},
        {"bucket", {{"name", "acme-vendor-drop"}, {"arn", "arn:aws:s3:::acme-vendor-drop"}}},
        {"object",
         {{"key", std::move(key)},
          {"size", 100},
          {"eTag", "9b2cf535f27731c974343645a3985328"},
          {"sequencer", "00663182DC7A1B2F4E"}}}}},
  };
}

inline std::string records_event(const nlohmann::json& record) {
  return nlohmann::json{{"Records", nlohmann::json::array({record})}}.dump();
}

inline nlohmann::json sqs_message(std::string message_id, std::string body) {
  return {{"messageId", std::move(message_id)},
          {"receiptHandle", "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a"},
          {"body", std::move(body)},
          {"eventSource", "aws:sqs"},
          {"eventSourceARN", "arn:aws:sqs:eu-west-1:111122223333:s3load-vendor-feeds"},
          {"awsRegion", "eu-west-1"}};
}

// One line describing an item, for failure messages.
inline std::string describe_item(const EventItem& item) {
  std::string text = item.path + (item.message_id ? " [" + *item.message_id + "]" : "") + ": ";
  if (const auto* object = std::get_if<ObjectRef>(&item.content)) return text + "object " + describe(*object);
  if (const auto* ignored = std::get_if<Ignored>(&item.content)) return text + "ignored: " + ignored->reason;
  const auto& error = std::get<Error>(item.content);
  return text + "error " + error.code + ": " + error.message;
}

inline std::string describe_items(const ParsedEvent& parsed) {
  std::string text;
  for (const auto& item : parsed.items)
    text += "\n  " + describe_item(item);
  return text;
}

template <class T>
const T* content_as(const EventItem& item) {
  return std::get_if<T>(&item.content);
}

// The only item of the event (a failure is recorded when there is not exactly one).
inline EventItem single_item(const ParsedEvent& parsed) {
  if (parsed.items.size() != 1) {
    ADD_FAILURE() << "expected exactly one item, got " << parsed.items.size() << describe_items(parsed);
    return EventItem{};
  }
  return parsed.items[0];
}

// The item's content of the expected kind (a failure is recorded when it is another kind).
inline ObjectRef object_of(const EventItem& item) {
  if (const auto* object = content_as<ObjectRef>(item)) return *object;
  ADD_FAILURE() << "expected an object, got " << describe_item(item);
  return ObjectRef{};
}

inline Ignored ignored_of(const EventItem& item) {
  if (const auto* ignored = content_as<Ignored>(item)) return *ignored;
  ADD_FAILURE() << "expected an ignored item, got " << describe_item(item);
  return Ignored{};
}

inline Error error_of(const EventItem& item) {
  if (const auto* error = content_as<Error>(item)) return *error;
  ADD_FAILURE() << "expected an error, got " << describe_item(item);
  return Error{};
}

}  // namespace s3load::event_tests
