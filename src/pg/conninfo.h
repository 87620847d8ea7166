// libpq connection settings as keyword → value pairs: parsed from S3LOAD_DATABASE_URL (a keyword/value
// string or a URI) and written back as a keyword/value string with every value quoted by libpq's rules,
// so a password holding spaces, quotes or backslashes can never change the meaning of the string (a URI
// would need percent-encoding instead; we never build one). Every entry point parses the URL here before
// libpq sees it, because libpq's own parse errors quote the text, password included.
// https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace s3load::pg {

using ConnSettings = std::map<std::string, std::string>;

// The keywords the text sets (not libpq's defaults, not the PG* environment). "" gives an empty map.
// The error (code bad_database_url) never repeats any part of the text, which may hold a password.
Result<ConnSettings> parse_conninfo(const std::string& text, std::string_view what);

// 'value' with backslashes and single quotes escaped.
std::string quote_conninfo_value(std::string_view value);

// keyword='value' pairs separated by spaces, in keyword order.
std::string to_conninfo(const ConnSettings& settings);

}  // namespace s3load::pg
