// Database credentials from AWS Secrets Manager, read through the AWS Parameters and Secrets Lambda
// Extension on localhost, cached for the life of the process.
//
//   GET http://localhost:$PARAMETERS_SECRETS_EXTENSION_HTTP_PORT/secretsmanager/get?secretId=<ARN>
//   X-Aws-Parameters-Secrets-Token: $AWS_SESSION_TOKEN
//   →
//   {"ARN":…,"Name":…,"SecretString":"{\"username\":…,\"password\":…,\"host\":…,\"port\":…,\"dbname\":…}",…}
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
//
// Secret values never appear in a log line or an error message: errors name the secret (its ARN) and
// the field, never a value.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/result.h"
#include "lambda/conninfo.h"

namespace s3load::lambda {

inline constexpr int DEFAULT_SECRETS_EXTENSION_PORT = 2773;

// Parses the extension's answer (pure): SecretString must be a JSON object with at least "password";
// "port" may be a number or a string.
Result<DatabaseSecret> parse_secret_response(std::string_view body, std::string_view secret_id);

// Where the secret comes from. fetch() returns the parsed secret or a transient error.
class SecretSource {
 public:
  virtual ~SecretSource() = default;
  virtual Result<DatabaseSecret> fetch() = 0;
};

struct ExtensionSettings {
  std::string secret_id;  // S3LOAD_DB_SECRET_ARN
  int port = DEFAULT_SECRETS_EXTENSION_PORT;
  std::string session_token;  // AWS_SESSION_TOKEN
  // During a cold start the extension may not listen yet, or answer 400 until it is ready: retried with
  // backoff for this long in total.
  std::chrono::milliseconds ready_wait{5000};
};

class ExtensionSecretSource : public SecretSource {
 public:
  explicit ExtensionSecretSource(ExtensionSettings settings);
  Result<DatabaseSecret> fetch() override;

 private:
  ExtensionSettings m_settings;
};

// Whether an answer of the extension is worth asking again (pure): not ready yet (400), throttled or
// failing (429, 5xx). 401/403/404 are configuration problems that waiting does not fix.
bool extension_status_is_retryable(long http_status);

// The conninfo provider a DatabaseSession asks before each new connection.
//
// The secret is fetched at the first connection and cached. A connection made with the cached secret
// that is seen working confirms it. While it is not confirmed (the first connection failed, or a
// reconnect after a broken connection is being made), the next connection attempt fetches the secret
// again first — at most once per invocation — so a rotated password (authentication failure, SQLSTATE
// 28P01) is picked up by the retry, without asking the extension on every attempt.
class SecretConninfo {
 public:
  // `base` holds the settings from S3LOAD_DATABASE_URL (may be empty); the secret's fields override it.
  SecretConninfo(SecretSource& source, ConnSettings base);

  // The keyword/value string for the next connection. Throws pg::DatabaseError (transient,
  // "db_secret_unavailable") when the secret cannot be had, so the session retries as for a connection
  // failure.
  std::string conninfo();

  // Call at the start of each invocation: allows one more fetch while the secret is unconfirmed.
  void begin_invocation() { m_fetched_this_invocation = false; }
  // Call when the session holds a working connection: the secret in use is good.
  void confirm() { m_confirmed = true; }

  int fetches() const { return m_fetches; }

 private:
  SecretSource& m_source;
  ConnSettings m_base;
  std::optional<DatabaseSecret> m_secret;
  bool m_confirmed = false;
  bool m_fetched_this_invocation = false;
  int m_fetches = 0;
};

}  // namespace s3load::lambda
