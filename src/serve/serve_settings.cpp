#include "serve/serve_settings.h"

#include <charconv>

#include "serve/token_check.h"

namespace s3load::serve {

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::string_view digits = text;
  long long scale = 1000;
  if (digits.ends_with("ms")) {
    scale = 1;
    digits.remove_suffix(2);
  } else if (digits.ends_with("s")) {
    digits.remove_suffix(1);
  } else if (digits.ends_with("m")) {
    scale = 60000;
    digits.remove_suffix(1);
  }
  long long value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size() || value < 0 ||
      value > 24LL * 3600 * 1000 / scale)
    return permanent_error("bad_duration",
                           "\"" + std::string(text) + "\" is not a duration; write e.g. 20s, 500ms or 2m");
  return std::chrono::milliseconds(value * scale);
}

Result<ServeSettings> validate(ServeSettings settings) {
  if (settings.token.empty())
    return permanent_error("no_token",
                           "S3LOAD_SERVE_TOKEN is not set: serve accepts only pushes that present this token "
                           "(generate one with: openssl rand -hex 32)");
  if (settings.token.size() < MIN_TOKEN_LENGTH)
    return permanent_error("short_token", "S3LOAD_SERVE_TOKEN has " + std::to_string(settings.token.size()) +
                                              " characters; use at least " +
                                              std::to_string(MIN_TOKEN_LENGTH) +
                                              " (generate one with: openssl rand -hex 32)");
  if (settings.concurrency < 1 || settings.concurrency > MAX_CONCURRENCY)
    return permanent_error("bad_concurrency", "--concurrency must be from 1 to " +
                                                  std::to_string(MAX_CONCURRENCY) + ", not " +
                                                  std::to_string(settings.concurrency));
  if (!settings.listen.is_loopback() && !settings.allow_remote)
    return permanent_error("remote_not_allowed",
                           "--listen " + settings.listen.to_string() +
                               " is not a loopback address; other machines could reach it. Pass "
                               "--allow-remote to listen there anyway (behind TLS termination)");
  return settings;
}

}  // namespace s3load::serve
