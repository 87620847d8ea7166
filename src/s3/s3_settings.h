// How to reach S3: region, endpoint and credentials, read from the standard AWS environment variables.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/result.h"

namespace s3load {

struct RetryPolicy {
  int max_attempts = 4;     // total tries of one request, including the first
  int base_delay_ms = 100;  // first backoff; doubles each time, full jitter
  int max_delay_ms = 3000;
};

struct S3Settings {
  std::string region = "us-east-1";
  std::optional<std::string> endpoint;  // AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL: path-style addressing then
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;
  RetryPolicy retry;
  long connect_timeout_ms = 5000;
  long stall_timeout_ms = 20000;  // no byte received for this long while we were ready: the stream is stalled
};

using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment.
std::optional<std::string> process_environment(const std::string& name);

// Reads AWS_REGION (else AWS_DEFAULT_REGION, else us-east-1), AWS_ENDPOINT_URL_S3 (else
// AWS_ENDPOINT_URL), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, and
// S3LOAD_S3_STALL_TIMEOUT_MS (stall_timeout_ms; a whole number >= 100). Missing credentials or a bad
// stall timeout are a permanent configuration error that names the variables.
Result<S3Settings> s3_settings_from_environment(const EnvironmentLookup& lookup = process_environment);

}  // namespace s3load
