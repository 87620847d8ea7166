// Properties that hold for every event fixture: no throw, well-formed items, errors only where expected.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "events/event_parser.h"
#include "events_test_support.h"

namespace s3load::event_tests {
namespace {

std::vector<std::filesystem::path> event_fixtures() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(events_fixture_dir())) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool is_valid_json_text(const std::string& text) {
  try {
    static_cast<void>(nlohmann::json(text).dump());  // strict: throws on invalid UTF-8
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

// The invariants every parse result keeps, whatever the input.
void expect_well_formed(const ParsedEvent& parsed, const std::string& name) {
  for (const EventItem& item : parsed.items) {
    EXPECT_FALSE(item.path.empty()) << name;
    if (item.message_id) {
      EXPECT_NE(std::find(parsed.message_ids.begin(), parsed.message_ids.end(), *item.message_id),
                parsed.message_ids.end())
          << name << ": " << describe_item(item);
    }
    if (const auto* error = content_as<Error>(item)) {
      EXPECT_EQ(error->code, "bad_event") << name;
      EXPECT_EQ(error->error_class, ErrorClass::permanent) << name;
      EXPECT_TRUE(is_valid_json_text(error->message)) << name;
      if (item.path != "$") {
        EXPECT_EQ(error->message.rfind(item.path + ": ", 0), 0u) << name << ": " << error->message;
      }
    } else if (const auto* object = content_as<ObjectRef>(item)) {
      EXPECT_FALSE(object->bucket.empty()) << name;
      EXPECT_FALSE(object->key.empty()) << name;
      EXPECT_TRUE(is_valid_json_text(object->key)) << name;
      EXPECT_NE(object->version_id, "") << name;
      EXPECT_NE(object->etag, "") << name;
      EXPECT_NE(object->sequencer, "") << name;
      EXPECT_FALSE(object->event_name.empty()) << name;
      EXPECT_FALSE(object->event_source.empty()) << name;
    } else {
      EXPECT_FALSE(std::get<Ignored>(item.content).reason.empty()) << name;
    }
  }
  if (!parsed.is_sqs_batch) {
    EXPECT_TRUE(parsed.message_ids.empty()) << name;
  }
}

TEST(EventFixtures, EveryFixtureParsesWithoutThrowingIntoWellFormedItems) {
  const auto files = event_fixtures();
  ASSERT_GE(files.size(), 30u);
  for (const auto& file : files) {
    const std::string name = file.filename().string();
    ParsedEvent parsed;
    EXPECT_NO_THROW(parsed = parse_event(read_file(file.string()))) << name;
    expect_well_formed(parsed, name);
    const bool has_error = std::any_of(parsed.items.begin(), parsed.items.end(), [](const EventItem& item) {
      return content_as<Error>(item) != nullptr;
    });
    const bool has_object = std::any_of(parsed.items.begin(), parsed.items.end(), [](const EventItem& item) {
      return content_as<ObjectRef>(item) != nullptr;
    });
    if (name.starts_with("malformed_")) {
      EXPECT_TRUE(has_error) << name << describe_items(parsed);
      EXPECT_FALSE(has_object) << name << describe_items(parsed);
    } else if (name != "sqs_batch_mixed.json" && name != "s3_one_bad_record_among_good.json") {
      EXPECT_FALSE(has_error) << name << describe_items(parsed);
    }
  }
}

TEST(EventFixtures, EveryPrefixOfEveryFixtureParsesWithoutThrowing) {
  for (const auto& file : event_fixtures()) {
    const std::string name = file.filename().string();
    const std::string text = read_file(file.string());
    const std::size_t step = std::max<std::size_t>(1, text.size() / 300);
    for (std::size_t length = 0; length < text.size(); length += step) {
      ParsedEvent parsed;
      EXPECT_NO_THROW(parsed = parse_event(std::string_view(text).substr(0, length)))
          << name << " at " << length;
      expect_well_formed(parsed, name);
    }
  }
}

}  // namespace
}  // namespace s3load::event_tests
