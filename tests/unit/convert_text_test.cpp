#include <gtest/gtest.h>

#include "convert/text.h"
#include "convert/utf8.h"
#include "convert_test_support.h"

namespace s3load::convert {
namespace {

using testing::converted;

std::string as(TextKind kind, std::int32_t typmod, std::string_view text) {
  const TextType type = text_type(kind, typmod);
  std::string out;
  if (auto problem = text_to_binary(text, type, out)) {
    EXPECT_EQ(check_text_value(text, type), problem) << "text COPY checks the same";
    return "error: " + *problem;
  }
  EXPECT_FALSE(check_text_value(text, type));
  return "[" + out + "]";
}

constexpr std::int32_t LENGTH_3 = 3 + 4;  // typmod of varchar(3) / char(3)

TEST(ConvertText, TextIsTakenAsIs) {
  EXPECT_EQ(as(TextKind::text, -1, ""), "[]");
  EXPECT_EQ(as(TextKind::text, -1, " a\\b\t\"c\"\n "), "[ a\\b\t\"c\"\n ]");
  EXPECT_EQ(as(TextKind::text, -1, "Zoë 日本 😀"), "[Zoë 日本 😀]");
}

TEST(ConvertText, NulAndInvalidUtf8NameTheBytePosition) {
  EXPECT_EQ(as(TextKind::text, -1, std::string("ab\0c", 4)),
            "error: contains a NUL byte at byte 3, which PostgreSQL text cannot store; remove it");
  EXPECT_EQ(
      as(TextKind::text, -1, "caf\xe9 au lait"),
      "error: is not valid UTF-8 at byte 4 (0xE9); convert the file to UTF-8 or set the feed's encoding "
      "(windows-1252, latin-1)");
  // Overlong, surrogate, above U+10FFFF, truncated: all rejected as PostgreSQL rejects them.
  for (const char* bad : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80", "\xff"})
    EXPECT_TRUE(check_text(bad)) << testing::hex(bad);
  EXPECT_EQ(as(TextKind::varchar, LENGTH_3, "\xe2\x82"),
            "error: is not valid UTF-8 at byte 1 (0xE2 0x82); convert the file to UTF-8 or set the feed's "
            "encoding (windows-1252, latin-1)");
  // The fast path scans eight bytes at a time: a bad byte anywhere in a long value is found.
  for (std::size_t at = 0; at < 20; ++at) {
    std::string value(20, 'a');
    value[at] = '\0';
    EXPECT_EQ(find_bad_text_byte(value), at);
    value[at] = '\xff';
    EXPECT_EQ(find_bad_text_byte(value), at);
  }
}

TEST(ConvertText, VarcharLengthInCharacters) {
  EXPECT_EQ(as(TextKind::varchar, LENGTH_3, "abc"), "[abc]");
  EXPECT_EQ(as(TextKind::varchar, LENGTH_3, "ééé"), "[ééé]");
  EXPECT_EQ(as(TextKind::varchar, LENGTH_3, "abcd"),
            "error: \"abcd\" is too long for character varying(3) (4 characters)");
  EXPECT_EQ(as(TextKind::varchar, LENGTH_3, "éééé"),
            "error: \"éééé\" is too long for character varying(3) (4 characters)");
  EXPECT_EQ(as(TextKind::varchar, 10 + 4, "abcdefghijkl"),
            "error: \"abcdefghijkl\" is too long for character varying(10) (12 characters)");
  EXPECT_EQ(as(TextKind::varchar, -1, "abc   "), "[abc   ]");
}

TEST(ConvertText, ExcessTrailingSpacesAreCutAsPostgresCutsThem) {
  EXPECT_EQ(as(TextKind::varchar, LENGTH_3, "abc   "), "[abc]");
  EXPECT_EQ(as(TextKind::varchar, LENGTH_3, "ab    "), "[ab ]");
  EXPECT_EQ(as(TextKind::varchar, LENGTH_3, "ééé "), "[ééé]");
  EXPECT_EQ(as(TextKind::varchar, LENGTH_3, "abc\t"),
            "error: \"abc\\x09\" is too long for character varying(3) (4 characters)");
  EXPECT_EQ(as(TextKind::varchar, LENGTH_3, "abc  x"),
            "error: \"abc  x\" is too long for character varying(3) (6 characters)");
}

TEST(ConvertText, CharIsPaddedToItsLength) {
  EXPECT_EQ(as(TextKind::bpchar, LENGTH_3, "a"), "[a  ]");
  EXPECT_EQ(as(TextKind::bpchar, LENGTH_3, ""), "[   ]");
  EXPECT_EQ(as(TextKind::bpchar, LENGTH_3, " a "), "[ a ]");
  EXPECT_EQ(as(TextKind::bpchar, LENGTH_3, "é"), "[é  ]");
  EXPECT_EQ(as(TextKind::bpchar, LENGTH_3, "abc  "), "[abc]");
  EXPECT_EQ(as(TextKind::bpchar, LENGTH_3, "abcd"),
            "error: \"abcd\" is too long for character(3) (4 characters)");
  EXPECT_EQ(as(TextKind::bpchar, -1, "ab  "), "[ab  ]");  // bpchar without a length: as is
}

TEST(ConvertText, NameIsCutAt63BytesOnACharacterBoundary) {
  EXPECT_EQ(as(TextKind::name, -1, std::string(70, 'a')), "[" + std::string(63, 'a') + "]");
  std::string accents;
  for (int i = 0; i < 40; ++i)
    accents += "é";
  EXPECT_EQ(as(TextKind::name, -1, accents), "[" + accents.substr(0, 62) + "]");
}

TEST(ConvertText, TypeNames) {
  EXPECT_EQ(text_type_name(text_type(TextKind::varchar, 14)), "character varying(10)");
  EXPECT_EQ(text_type_name(text_type(TextKind::bpchar, 5)), "character(1)");
  EXPECT_EQ(text_type_name(text_type(TextKind::text, -1)), "text");
}

}  // namespace
}  // namespace s3load::convert
