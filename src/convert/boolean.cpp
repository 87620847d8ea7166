#include "convert/boolean.h"

#include "convert/scan.h"

namespace s3load::convert {

namespace {

// A non-empty prefix of `word` (lower case), at least `minimum` letters long.
bool is_prefix_of(std::string_view text, std::string_view word, std::size_t minimum = 1) {
  return text.size() >= minimum && text.size() <= word.size() &&
         equals_lower(text, word.substr(0, text.size()));
}

}  // namespace

Problem parse_boolean(std::string_view text, bool& value) {
  const std::string_view word = trim_spaces(text);
  if (is_prefix_of(word, "true") || is_prefix_of(word, "yes") || is_prefix_of(word, "on", 2) || word == "1") {
    value = true;
    return NO_PROBLEM;
  }
  if (is_prefix_of(word, "false") || is_prefix_of(word, "no") || is_prefix_of(word, "off", 2) ||
      word == "0") {
    value = false;
    return NO_PROBLEM;
  }
  return quote_value(text) + " is not a boolean (use true/false, yes/no, on/off, 1/0, t/f or y/n)";
}

Problem boolean_to_binary(std::string_view text, std::string& out) {
  bool value = false;
  if (auto problem = parse_boolean(text, value)) return problem;
  out += value ? '\1' : '\0';
  return NO_PROBLEM;
}

}  // namespace s3load::convert
