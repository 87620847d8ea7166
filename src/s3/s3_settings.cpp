#include "s3/s3_settings.h"

#include <charconv>
#include <cstdlib>

namespace s3load {

std::optional<std::string> process_environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

Result<S3Settings> s3_settings_from_environment(const EnvironmentLookup& lookup) {
  S3Settings settings;
  if (auto region = lookup("AWS_REGION"))
    settings.region = *region;
  else if (auto default_region = lookup("AWS_DEFAULT_REGION"))
    settings.region = *default_region;

  settings.endpoint = lookup("AWS_ENDPOINT_URL_S3");
  if (!settings.endpoint) settings.endpoint = lookup("AWS_ENDPOINT_URL");
  if (settings.endpoint) {
    auto& endpoint = *settings.endpoint;
    while (!endpoint.empty() && endpoint.back() == '/')
      endpoint.pop_back();
    if (endpoint.rfind("http://", 0) != 0 && endpoint.rfind("https://", 0) != 0)
      return permanent_error(
          "bad_config", "AWS_ENDPOINT_URL_S3 must start with http:// or https://, got \"" + endpoint + "\"");
  }

  auto access_key = lookup("AWS_ACCESS_KEY_ID");
  auto secret_key = lookup("AWS_SECRET_ACCESS_KEY");
  if (!access_key || !secret_key)
    return permanent_error("bad_config",
                           "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                           "(and AWS_SESSION_TOKEN for temporary credentials)");
  settings.access_key_id = *access_key;
  settings.secret_access_key = *secret_key;
  settings.session_token = lookup("AWS_SESSION_TOKEN");

  // How long a body may deliver nothing before the read is abandoned and resumed (tests and slow links).
  if (auto stall = lookup("S3LOAD_S3_STALL_TIMEOUT_MS")) {
    long milliseconds = 0;
    const auto [end, ec] = std::from_chars(stall->data(), stall->data() + stall->size(), milliseconds);
    if (ec != std::errc() || end != stall->data() + stall->size() || milliseconds < 100) {
      const std::string expected = "a whole number of milliseconds >= 100";
      return permanent_error("bad_config",
                             "S3LOAD_S3_STALL_TIMEOUT_MS must be " + expected + ", got \"" + *stall + "\"");
    }
    settings.stall_timeout_ms = milliseconds;
  }
  return settings;
}

}  // namespace s3load
