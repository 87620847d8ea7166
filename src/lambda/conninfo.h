// libpq connection settings as keyword → value pairs: parsed from S3LOAD_DATABASE_URL (a keyword/value
// string or a URI), merged with credentials from a secret, and written back as a keyword/value string
// with every value quoted by libpq's rules, so a password holding spaces, quotes or backslashes can never
// change the meaning of the string (a URI would need percent-encoding instead; we never build one).
// https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace s3load::lambda {

using ConnSettings = std::map<std::string, std::string>;

// The keywords the text sets (not libpq's defaults, not the PG* environment). "" gives an empty map.
// The error never repeats any part of the text, which may hold a password.
Result<ConnSettings> parse_conninfo(const std::string& text, std::string_view what);

// 'value' with backslashes and single quotes escaped.
std::string quote_conninfo_value(std::string_view value);

// keyword='value' pairs separated by spaces, in keyword order.
std::string to_conninfo(const ConnSettings& settings);

// Database credentials as a secret holds them (Secrets Manager's RDS format). Every field is optional;
// the secret must hold at least a password to be useful (checked where it is parsed).
struct DatabaseSecret {
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<std::string> host;
  std::optional<std::string> port;
  std::optional<std::string> dbname;
};

// The merge rule: every field the secret has overrides the same setting from the URL (username → user);
// the URL supplies what the secret lacks (some secrets hold only username and password), and libpq's PG*
// variables what neither has. A host from the secret also drops the URL's hostaddr, which would
// otherwise win over it.
ConnSettings merge_secret(ConnSettings base, const DatabaseSecret& secret);

}  // namespace s3load::lambda
