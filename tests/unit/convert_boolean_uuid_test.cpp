#include <gtest/gtest.h>

#include "convert/boolean.h"
#include "convert/uuid.h"
#include "convert_test_support.h"

namespace s3load::convert {
namespace {

using testing::converted;

std::string boolean(std::string_view text) {
  return converted([](auto value, auto& out) { return boolean_to_binary(value, out); }, text);
}
std::string uuid(std::string_view text) {
  return converted([](auto value, auto& out) { return uuid_to_binary(value, out); }, text);
}

TEST(ConvertBoolean, EverySpellingPostgresAccepts) {
  for (const char* yes : {"t", "T", "tr", "tru", "true", "TRUE", "TrUe", "y", "ye", "yes", "YES", "on", "ON",
                          "1", " yes ", "\ttrue\n", "true\v"})
    EXPECT_EQ(boolean(yes), "01") << yes;
  for (const char* no :
       {"f", "F", "fa", "fal", "fals", "false", "FALSE", "n", "no", "NO", "of", "off", "OFF", "0", " off "})
    EXPECT_EQ(boolean(no), "00") << no;
}

TEST(ConvertBoolean, Rejects) {
  for (const char* bad : {"", "o", "truex", "yess", "01", "10", "2", "oui", "t rue", "nope", "offf"})
    EXPECT_EQ(boolean(bad), "error: \"" + std::string(bad) +
                                "\" is not a boolean (use true/false, yes/no, on/off, 1/0, t/f or y/n)")
        << bad;
}

TEST(ConvertUuid, EveryFormPostgresAccepts) {
  const std::string bytes = "a0 ee bc 99 9c 0b 4e f8 bb 6d 6b b9 bd 38 0a 11";
  for (const char* form : {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
                           "A0EEBC999C0B4EF8BB6D6BB9BD380A11", "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11",
                           "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11"})
    EXPECT_EQ(uuid(form), bytes) << form;
}

TEST(ConvertUuid, Rejects) {
  const std::string digits = "\" is not a UUID (expected 32 hexadecimal digits)";
  for (const char* bad : {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                          "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 ", "a0e-ebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                          "a0eebc999c0b4ef8bb6d6bb9bd380a11}", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11", "",
                          "g0eebc999c0b4ef8bb6d6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a1"})
    EXPECT_EQ(uuid(bad), "error: \"" + std::string(bad) + digits) << bad;
  EXPECT_EQ(
      uuid("{a0eebc999c0b4ef8bb6d6bb9bd380a11"),
      "error: \"{a0eebc999c0b4ef8bb6d6bb9bd380a11\" is not a UUID (an opening brace needs a closing one)");
}

}  // namespace
}  // namespace s3load::convert
