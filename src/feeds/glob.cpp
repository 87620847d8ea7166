#include "feeds/glob.h"

#include <cstddef>

namespace s3load {

std::optional<std::string> validate_glob(std::string_view glob) {
  if (glob.empty()) return "the pattern is empty";
  if (glob.front() == '/') return "keys never start with '/'; remove the leading slash";
  std::size_t segment_start = 0;
  for (std::size_t i = 0; i <= glob.size(); ++i) {
    if (i < glob.size() && glob[i] != '/') continue;
    const std::string_view segment = glob.substr(segment_start, i - segment_start);
    const auto stars = segment.find("**");
    if (stars != std::string_view::npos && segment != "**")
      return "'**' must be a whole path segment (like \"vendor/**/x.csv\"), found \"" + std::string(segment) +
             "\"";
    segment_start = i + 1;
  }
  for (const char c : glob) {
    if (c == '[' || c == ']' || c == '{' || c == '}')
      return std::string("character classes and alternatives are not supported ('") + c +
             "'); use '*' and '?', or one feed per pattern";
  }
  return std::nullopt;
}

namespace {

// Classic wildcard matching with one backtracking point per '*' and per '**'. Linear-ish in practice;
// keys are at most 1024 bytes, so worst cases stay tiny.
bool match_from(std::string_view glob, std::string_view key) {
  std::size_t g = 0;
  std::size_t k = 0;
  std::size_t star_g = std::string_view::npos;  // position after the last single '*'
  std::size_t star_k = 0;
  while (k < key.size()) {
    if (g + 1 < glob.size() && glob[g] == '*' && glob[g + 1] == '*') {
      // '**' as a whole segment: "a/**/b" also matches "a/b"; try every suffix of the key.
      std::string_view rest = glob.substr(g + 2);
      if (rest.empty()) return true;
      if (rest.front() == '/') rest.remove_prefix(1);
      for (std::size_t i = k; i <= key.size(); ++i) {
        if ((i == k || key[i - 1] == '/') && match_from(rest, key.substr(i))) return true;
      }
      return false;
    }
    if (g < glob.size() && glob[g] == '*') {
      star_g = ++g;
      star_k = k;
      continue;
    }
    if (g < glob.size() && (glob[g] == key[k] || (glob[g] == '?' && key[k] != '/'))) {
      ++g;
      ++k;
      continue;
    }
    // Backtrack: let the last '*' swallow one more character, but never a '/'.
    if (star_g != std::string_view::npos && key[star_k] != '/') {
      g = star_g;
      k = ++star_k;
      continue;
    }
    return false;
  }
  while (g < glob.size() && glob[g] == '*')
    ++g;
  return g == glob.size();
}

}  // namespace

bool glob_matches(std::string_view glob, std::string_view key) {
  return match_from(glob, key);
}

}  // namespace s3load
