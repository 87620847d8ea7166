// Helpers for the converter tests: run a converter, and show bytes as hex so failures are readable.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "convert/problem.h"

namespace s3load::convert::testing {

// "00 01 ff"
inline std::string hex(std::string_view bytes) {
  static constexpr char DIGITS[] = "0123456789abcdef";
  std::string text;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (!text.empty()) text += ' ';
    text += DIGITS[byte >> 4];
    text += DIGITS[byte & 0xF];
  }
  return text;
}

// The converter's output as hex, or "error: <reason>". Checks that a refused value leaves `out` alone.
template <class Convert>
std::string converted(Convert&& convert, std::string_view text) {
  std::string out = "prefix";
  const Problem problem = convert(text, out);
  if (problem) {
    EXPECT_EQ(out, "prefix") << "a refused value must leave the output as it was";
    return "error: " + *problem;
  }
  EXPECT_EQ(out.substr(0, 6), "prefix") << "converters append";
  return hex(std::string_view(out).substr(6));
}

}  // namespace s3load::convert::testing
