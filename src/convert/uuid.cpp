#include "convert/uuid.h"

namespace s3load::convert {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Problem uuid_to_binary(std::string_view text, std::string& out) {
  std::string_view rest = text;
  const bool braces = !rest.empty() && rest.front() == '{';
  if (braces) rest.remove_prefix(1);
  char bytes[16];
  for (int i = 0; i < 16; ++i) {
    if (rest.size() < 2) return quote_value(text) + " is not a UUID (expected 32 hexadecimal digits)";
    const int high = hex_value(rest[0]);
    const int low = hex_value(rest[1]);
    if (high < 0 || low < 0) return quote_value(text) + " is not a UUID (expected 32 hexadecimal digits)";
    bytes[i] = static_cast<char>(high * 16 + low);
    rest.remove_prefix(2);
    if (!rest.empty() && rest.front() == '-' && i % 2 == 1 && i < 15) rest.remove_prefix(1);
  }
  if (braces) {
    if (rest.empty() || rest.front() != '}')
      return quote_value(text) + " is not a UUID (an opening brace needs a closing one)";
    rest.remove_prefix(1);
  }
  if (!rest.empty()) return quote_value(text) + " is not a UUID (expected 32 hexadecimal digits)";
  out.append(bytes, 16);
  return NO_PROBLEM;
}

}  // namespace s3load::convert
