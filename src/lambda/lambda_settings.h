// What the Lambda runtime reads from its environment at init, validated before the first invocation so
// that a mistake is an init error naming the variable (never its value when it may hold a secret).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/result.h"
#include "lambda/conninfo.h"
#include "lambda/secrets.h"
#include "s3/s3_settings.h"

namespace s3load::lambda {

// sslmode when neither the database URL nor PGSSLMODE sets one.
inline constexpr const char* DEFAULT_LAMBDA_SSLMODE = "verify-full";

struct LambdaSettings {
  std::string runtime_api;  // AWS_LAMBDA_RUNTIME_API: host:port
  // S3LOAD_DEADLINE_MARGIN_MS; unset: max(1 s, 5% of the invocation's time).
  std::optional<std::chrono::milliseconds> deadline_margin;
  // S3LOAD_DATABASE_URL (else DATABASE_URL), parsed; PG* variables fill in the rest at connect time.
  std::string database_url;
  // Parsed from database_url, with sslmode (DEFAULT_LAMBDA_SSLMODE unless the URL or PGSSLMODE says).
  ConnSettings database_settings;
  // Set when S3LOAD_DB_SECRET_ARN is: credentials come from the Parameters and Secrets extension.
  std::optional<ExtensionSettings> secret;
};

// AWS_LAMBDA_RUNTIME_API must be set (there is nothing to report an error to otherwise); the rest is
// validated: S3LOAD_DEADLINE_MARGIN_MS a non-negative integer, the database URL parseable,
// S3LOAD_STATEMENT_TIMEOUT a duration,
// PARAMETERS_SECRETS_EXTENSION_HTTP_PORT a port, and AWS_SESSION_TOKEN present with a secret ARN.
Result<LambdaSettings> lambda_settings_from_environment(
    const EnvironmentLookup& lookup = process_environment);

}  // namespace s3load::lambda
