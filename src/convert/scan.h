// Small, locale-independent scanning helpers shared by the converters.
#pragma once

#include <string_view>

namespace s3load::convert {

// C-locale isspace(): what PostgreSQL's input functions skip around a value.
constexpr bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

constexpr std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// ASCII case-insensitive equality; `lower` is already lower case.
constexpr bool equals_lower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (ascii_lower(text[i]) != lower[i]) return false;
  return true;
}

constexpr bool starts_with_lower(std::string_view text, std::string_view lower) {
  return text.size() >= lower.size() && equals_lower(text.substr(0, lower.size()), lower);
}

}  // namespace s3load::convert
