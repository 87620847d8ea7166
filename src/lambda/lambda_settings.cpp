#include "lambda/lambda_settings.h"

#include <charconv>

#include "pg/database_session.h"
#include "pg/timeouts.h"

namespace s3load::lambda {

namespace {

std::optional<long long> parse_integer(const std::string& text) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

Result<LambdaSettings> lambda_settings_from_environment(const EnvironmentLookup& lookup) {
  LambdaSettings settings;
  const auto api = lookup("AWS_LAMBDA_RUNTIME_API");
  if (!api || api->empty())
    return permanent_error("bad_setting",
                           "AWS_LAMBDA_RUNTIME_API is not set: `s3load lambda` runs inside AWS Lambda (or "
                           "under a Runtime API emulator that sets it)");
  settings.runtime_api = *api;

  if (const auto margin = lookup("S3LOAD_DEADLINE_MARGIN_MS")) {
    const auto value = parse_integer(*margin);
    if (!value || *value < 0)
      return permanent_error("bad_setting",
                             "S3LOAD_DEADLINE_MARGIN_MS must be a whole number of milliseconds "
                             "(0 or more), not \"" +
                                 *margin + "\"");
    settings.deadline_margin = std::chrono::milliseconds(*value);
  }

  settings.database_url = pg::database_url_from_environment(lookup);
  const char* url_name = lookup("S3LOAD_DATABASE_URL") ? "S3LOAD_DATABASE_URL" : "DATABASE_URL";
  auto parsed = parse_conninfo(settings.database_url, url_name);
  if (!parsed) return parsed.error();
  settings.database_settings = std::move(parsed).value();
  // In Lambda the database is reached over a network s3load does not control: the server's certificate
  // and name are verified unless the URL (or PGSSLMODE, the explicit variable) asks for less.
  if (!settings.database_settings.count("sslmode")) {
    const auto mode = lookup("PGSSLMODE");
    settings.database_settings["sslmode"] = mode && !mode->empty() ? *mode : DEFAULT_LAMBDA_SSLMODE;
  }
  if (auto timeout = pg::statement_timeout_from_environment(lookup); !timeout) return timeout.error();

  if (const auto arn = lookup("S3LOAD_DB_SECRET_ARN"); arn && !arn->empty()) {
    ExtensionSettings secret;
    secret.secret_id = *arn;
    if (const auto port = lookup("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT")) {
      const auto value = parse_integer(*port);
      if (!value || *value < 1 || *value > 65535)
        return permanent_error(
            "bad_setting",
            "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT must be a port number, not \"" + *port + "\"");
      secret.port = static_cast<int>(*value);
    }
    const auto token = lookup("AWS_SESSION_TOKEN");
    if (!token || token->empty())
      return permanent_error(
          "bad_setting",
          "S3LOAD_DB_SECRET_ARN is set but AWS_SESSION_TOKEN is not: the Parameters and Secrets "
          "extension authenticates requests with it");
    secret.session_token = *token;
    settings.secret = std::move(secret);
  }
  return settings;
}

}  // namespace s3load::lambda
