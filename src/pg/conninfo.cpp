#include "pg/conninfo.h"

#include <libpq-fe.h>

namespace s3load::pg {

Result<ConnSettings> parse_conninfo(const std::string& text, std::string_view what) {
  ConnSettings settings;
  if (text.empty()) return settings;
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(text.c_str(), &error);
  if (!options) {
    // libpq's message quotes the offending part of the text, which may be the password: not repeated.
    if (error) PQfreemem(error);
    return permanent_error("bad_database_url",
                           std::string(what) +
                               " is not a valid libpq connection string or URI (expected "
                               "\"host=… dbname=… user=…\" or \"postgresql://user@host:port/dbname\", with "
                               "reserved characters in the password percent-encoded)");
  }
  for (const PQconninfoOption* option = options; option->keyword; ++option) {
    if (option->val) settings[option->keyword] = option->val;
  }
  PQconninfoFree(options);
  return settings;
}

std::string quote_conninfo_value(std::string_view value) {
  std::string quoted = "'";
  for (const char c : value) {
    if (c == '\\' || c == '\'') quoted += '\\';
    quoted += c;
  }
  quoted += '\'';
  return quoted;
}

std::string to_conninfo(const ConnSettings& settings) {
  std::string text;
  for (const auto& [keyword, value] : settings) {
    if (!text.empty()) text += ' ';
    text += keyword + '=' + quote_conninfo_value(value);
  }
  return text;
}

}  // namespace s3load::pg
