#include <gtest/gtest.h>

#include "convert/json.h"
#include "convert_test_support.h"

namespace s3load::convert {
namespace {

std::string check(std::string_view text, JsonKind kind = JsonKind::json) {
  std::string nesting;
  auto problem = check_json(text, kind, nesting);
  return problem ? *problem : "ok";
}

TEST(ConvertJson, AcceptsWhatPostgresAccepts) {
  for (const char* good : {"1",
                           "-0",
                           "1e5",
                           "1E+5",
                           "0.0e-0",
                           "-12.5e-3",
                           "true",
                           "false",
                           "null",
                           "\"\"",
                           "[]",
                           "{}",
                           "[true,false,null]",
                           " \t\r\n1 \n",
                           "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}",
                           "\"\\/\\\\\\\"\\b\\f\\n\\r\\t\\u00e9\"",
                           "\"ab\x7f\"",
                           "\"é😀\"",
                           "[[[[[]]]]]",
                           "{\"a\" : 1 , \"b\" : 2}"}) {
    EXPECT_EQ(check(good), "ok") << good;
    EXPECT_EQ(check(good, JsonKind::jsonb), "ok") << good;
  }
}

TEST(ConvertJson, RejectsWhatPostgresRejects) {
  EXPECT_EQ(check("01"), "\"01\" is not valid json: invalid number at byte 1");
  EXPECT_EQ(check("-"), "\"-\" is not valid json: invalid number at byte 1");
  EXPECT_EQ(check("1."), "\"1.\" is not valid json: invalid number at byte 1");
  EXPECT_EQ(check(".5"), "\".5\" is not valid json: unexpected character at byte 1");
  EXPECT_EQ(check("+1"), "\"+1\" is not valid json: unexpected character at byte 1");
  EXPECT_EQ(check("1x"), "\"1x\" is not valid json: invalid number at byte 1");
  EXPECT_EQ(
      check("NaN"),
      "\"NaN\" is not valid json: expected a value (true, false, null, a number, a string, an array or an "
      "object) at byte 1");
  EXPECT_EQ(check("TRUE").substr(0, 36), "\"TRUE\" is not valid json: expected a");
  EXPECT_EQ(check("truex").substr(0, 37), "\"truex\" is not valid json: expected a");
  EXPECT_EQ(check(""), "\"\" is not valid json: expected a value at byte 1");
  EXPECT_EQ(check("\f1"), "\"\\x0C1\" is not valid json: unexpected character at byte 1");
  EXPECT_EQ(check("[1,]"), "\"[1,]\" is not valid json: unexpected character at byte 4");
  EXPECT_EQ(check("{\"a\":1,}"),
            "\"{\"a\":1,}\" is not valid json: expected a member name in double quotes at byte 8");
  EXPECT_EQ(check("[1] x"),
            "\"[1] x\" is not valid json: unexpected text after the end of the value at byte 5");
  EXPECT_EQ(check("{\"a\" 1}"), "\"{\"a\" 1}\" is not valid json: expected \":\" at byte 6");
  EXPECT_EQ(check("{1:2}"), "\"{1:2}\" is not valid json: expected a member name in double quotes at byte 2");
  EXPECT_EQ(check("[1 2]"), "\"[1 2]\" is not valid json: expected \",\" or \"]\" at byte 4");
  EXPECT_EQ(check("[1"),
            "\"[1\" is not valid json: unexpected end (an array or object is not closed) at byte 3");
  EXPECT_EQ(check("\"abc"), "\"\"abc\" is not valid json: a string is not closed at byte 1");
  EXPECT_EQ(check("\"a\tb\""),
            "\"\"a\\x09b\"\" is not valid json: a control character must be escaped at byte 3");
  EXPECT_EQ(check("\"\\x\""), "\"\"\\x\"\" is not valid json: invalid escape sequence at byte 2");
  EXPECT_EQ(check("\"\\u00\""),
            "\"\"\\u00\"\" is not valid json: \\u must be followed by four hexadecimal digits at byte 2");
  EXPECT_EQ(check("\"\\U0041\""), "\"\"\\U0041\"\" is not valid json: invalid escape sequence at byte 2");
  EXPECT_EQ(check("1.5e"), "\"1.5e\" is not valid json: invalid number at byte 1");
  EXPECT_EQ(check(std::string("[\"a\0\"]", 6)),
            "contains a NUL byte at byte 4, which PostgreSQL text cannot store; remove it");
}

TEST(ConvertJson, JsonKeepsEscapesThatJsonbRejects) {
  for (const char* text : {"\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800x\"", "\"\\ud800\\u0041\""})
    EXPECT_EQ(check(text), "ok") << text;
  EXPECT_EQ(check("\"\\u0000\"", JsonKind::jsonb),
            "\"\"\\u0000\"\" is not valid jsonb: \\u0000 cannot be stored in jsonb (use json, or remove it) "
            "at byte 2");
  EXPECT_EQ(
      check("\"\\ud800\"", JsonKind::jsonb),
      "\"\"\\ud800\"\" is not valid jsonb: a Unicode high surrogate is not followed by a low one at byte 2");
  EXPECT_EQ(check("\"\\ud800\\u0041\"", JsonKind::jsonb),
            "\"\"\\ud800\\u0041\"\" is not valid jsonb: a Unicode high surrogate is not followed by a low "
            "one at byte 2");
  EXPECT_EQ(
      check("\"\\udc00\"", JsonKind::jsonb),
      "\"\"\\udc00\"\" is not valid jsonb: a Unicode low surrogate does not follow a high one at byte 2");
  EXPECT_EQ(check("\"\\ud83d\\ude00\"", JsonKind::jsonb), "ok");
  EXPECT_EQ(check("\"\\uD83D\\uDE00\"", JsonKind::jsonb), "ok");
}

TEST(ConvertJson, JsonbNumbersMustFitNumeric) {
  EXPECT_EQ(check("1e1000000"), "ok");
  EXPECT_EQ(check("[1e1000000]", JsonKind::jsonb),
            "\"[1e1000000]\" is not valid jsonb: the number is out of range for numeric at byte 2");
  EXPECT_EQ(check("-1e-16384", JsonKind::jsonb),
            "\"-1e-16384\" is not valid jsonb: the number is out of range for numeric at byte 1");
  EXPECT_EQ(check("1e-16383", JsonKind::jsonb), "ok");
}

TEST(ConvertJson, BinaryValues) {
  std::string nesting;
  std::string out;
  EXPECT_FALSE(json_to_binary("{\"a\": 1}", JsonKind::json, out, nesting));
  EXPECT_EQ(out, "{\"a\": 1}");
  out.clear();
  EXPECT_FALSE(json_to_binary("{\"a\": 1}", JsonKind::jsonb, out, nesting));
  EXPECT_EQ(out, std::string("\1{\"a\": 1}"));
}

TEST(ConvertJson, DeepNestingNeedsNoRecursion) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(check(deep), "ok");
}

}  // namespace
}  // namespace s3load::convert
