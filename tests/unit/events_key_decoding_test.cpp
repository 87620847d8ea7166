// Form-encoded key decoding: '+' is a space, %XX a byte, the result must be UTF-8.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "events/event_parser.h"

namespace s3load {
namespace {

TEST(KeyDecoding, PlusIsASpace) {
  EXPECT_EQ(decode_form_encoded_key("vendor+upload+Q1.csv"), "vendor upload Q1.csv");
}

TEST(KeyDecoding, PercentTwoBIsAPlus) {
  EXPECT_EQ(decode_form_encoded_key("a%2Bb.csv"), "a+b.csv");
}

TEST(KeyDecoding, HexDigitsMayBeEitherCase) {
  EXPECT_EQ(decode_form_encoded_key("test%2Fkey"), "test/key");
  EXPECT_EQ(decode_form_encoded_key("test%2fkey%3a%3D"), "test/key:=");
}

TEST(KeyDecoding, Utf8EscapesBecomeCharacters) {
  EXPECT_EQ(decode_form_encoded_key("caf%C3%A9+r%C3%A9sum%C3%A9.csv"), "caf\u00e9 r\u00e9sum\u00e9.csv");
  EXPECT_EQ(decode_form_encoded_key("%E2%82%AC.csv"), "\u20ac.csv");
  EXPECT_EQ(decode_form_encoded_key("%F0%9F%98%80.csv"), "\U0001F600.csv");
}

TEST(KeyDecoding, IsDoneExactlyOnce) {
  // "%2520" is an encoded "%20": it must stay "%20", not become a space.
  EXPECT_EQ(decode_form_encoded_key("100%2520off.csv"), "100%20off.csv");
  EXPECT_EQ(decode_form_encoded_key("a%2B%2B.csv"), "a++.csv");
}

TEST(KeyDecoding, UnescapedUtf8AndPlainTextPassThrough) {
  EXPECT_EQ(decode_form_encoded_key("caf\u00e9/orders-2024.csv"), "caf\u00e9/orders-2024.csv");
  EXPECT_EQ(decode_form_encoded_key(""), "");
  EXPECT_EQ(decode_form_encoded_key("~!*()'_.-"), "~!*()'_.-");
}

TEST(KeyDecoding, MalformedEscapesAreRefused) {
  for (const char* key : {"100%", "100%2", "%zz", "%g0", "%0g", "50%+off", "%%41"}) {
    EXPECT_EQ(decode_form_encoded_key(key), std::nullopt) << key;
  }
}

TEST(KeyDecoding, InvalidUtf8IsRefused) {
  const char* cases[] = {
      "caf%E9.csv",    // Latin-1 é
      "%C3",           // truncated sequence
      "%C3%28",        // bad continuation byte
      "%C0%AF",        // overlong '/'
      "%E0%80%AF",     // overlong '/' in three bytes
      "%ED%A0%80",     // UTF-16 surrogate
      "%F4%90%80%80",  // above U+10FFFF
      "%F8%88%80%80%80",
      "%FF",
      "%80",
  };
  for (const char* key : cases)
    EXPECT_EQ(decode_form_encoded_key(key), std::nullopt) << key;
}

TEST(KeyDecoding, BoundaryCodePointsAreAccepted) {
  EXPECT_EQ(decode_form_encoded_key("%7F"), "\x7F");
  EXPECT_EQ(decode_form_encoded_key("%C2%80"), "\u0080");
  EXPECT_EQ(decode_form_encoded_key("%ED%9F%BF"), "\uD7FF");
  EXPECT_EQ(decode_form_encoded_key("%EE%80%80"), "\uE000");
  EXPECT_EQ(decode_form_encoded_key("%F4%8F%BF%BF"), "\U0010FFFF");
}

}  // namespace
}  // namespace s3load
