#include "pg/timeouts.h"

#include <charconv>
#include <string>

namespace s3load::pg {

Result<milliseconds> parse_statement_timeout(std::string_view text) {
  const auto refuse = [&] {
    return permanent_error("bad_setting",
                           "S3LOAD_STATEMENT_TIMEOUT must be a number of seconds or a number "
                           "with a unit (ms, s, min, h, d), e.g. \"300\" or \"5min\", not \"" +
                               std::string(text) + "\"");
  };
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end == text.data() || value < 0) return refuse();
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  while (!unit.empty() && unit.front() == ' ')
    unit.remove_prefix(1);
  long long factor = 0;
  if (unit.empty() || unit == "s")
    factor = 1000;
  else if (unit == "ms")
    factor = 1;
  else if (unit == "min")
    factor = 60 * 1000;
  else if (unit == "h")
    factor = 3600 * 1000;
  else if (unit == "d")
    factor = 24 * 3600 * 1000;
  else
    return refuse();
  // PostgreSQL takes at most INT_MAX milliseconds (about 24 days).
  if (value > 2147483647LL / factor) return refuse();
  return milliseconds(value * factor);
}

Result<milliseconds> statement_timeout_from_environment(const EnvironmentLookup& lookup) {
  const auto text = lookup("S3LOAD_STATEMENT_TIMEOUT");
  if (!text || text->empty()) return DEFAULT_STATEMENT_TIMEOUT;
  return parse_statement_timeout(*text);
}

}  // namespace s3load::pg
