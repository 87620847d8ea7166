#include "lambda/secrets.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "core/log.h"
#include "lambda/local_http.h"
#include "pg/connection.h"

namespace s3load::lambda {

namespace {

Error secret_error(std::string_view secret_id, const std::string& problem) {
  return transient_error("db_secret_unavailable",
                         "database secret " + std::string(secret_id) + ": " + problem);
}

// A string field of the secret, or a number written as text (RDS secrets hold "port" as a number).
std::optional<std::string> text_field(const nlohmann::json& object, const char* name) {
  const auto found = object.find(name);
  if (found == object.end() || found->is_null()) return std::nullopt;
  if (found->is_string()) return found->get<std::string>();
  if (found->is_number_integer()) return std::to_string(found->get<std::int64_t>());
  return std::nullopt;
}

}  // namespace

Result<DatabaseSecret> parse_secret_response(std::string_view body, std::string_view secret_id) {
  const auto response = nlohmann::json::parse(body, nullptr, false);
  if (response.is_discarded() || !response.is_object())
    return secret_error(secret_id,
                        "the Parameters and Secrets extension answered something that is not JSON");
  const auto secret_string = response.find("SecretString");
  if (secret_string == response.end() || !secret_string->is_string())
    return secret_error(secret_id, "the secret has no SecretString (binary secrets are not supported)");
  const auto secret = nlohmann::json::parse(secret_string->get<std::string>(), nullptr, false);
  if (secret.is_discarded() || !secret.is_object())
    return secret_error(secret_id,
                        "SecretString is not a JSON object; store {\"username\":…,\"password\":…}");
  DatabaseSecret parsed;
  parsed.username = text_field(secret, "username");
  parsed.password = text_field(secret, "password");
  parsed.host = text_field(secret, "host");
  parsed.port = text_field(secret, "port");
  parsed.dbname = text_field(secret, "dbname");
  if (!parsed.password) return secret_error(secret_id, "SecretString has no \"password\" string");
  return parsed;
}

bool extension_status_is_retryable(long http_status) {
  return http_status == 400 || http_status == 429 || http_status >= 500;
}

ExtensionSecretSource::ExtensionSecretSource(ExtensionSettings settings) : m_settings(std::move(settings)) {}

Result<DatabaseSecret> ExtensionSecretSource::fetch() {
  HttpRequest request;
  request.url = "http://localhost:" + std::to_string(m_settings.port) +
                "/secretsmanager/get?secretId=" + url_encode(m_settings.secret_id);
  request.headers.emplace_back("X-Aws-Parameters-Secrets-Token", m_settings.session_token);
  request.timeout_ms = 5000;
  request.connect_timeout_ms = 1000;
  LocalHttpClient http;
  const auto give_up_at = std::chrono::steady_clock::now() + m_settings.ready_wait;
  std::mt19937 random(std::random_device{}());
  std::chrono::milliseconds ceiling{20};
  for (int attempt = 1;; ++attempt) {
    auto reply = http.send(request);
    std::string problem;
    if (!reply) {
      problem = "the Parameters and Secrets extension on port " + std::to_string(m_settings.port) +
                " cannot be reached (" + reply.error().message + ")";
    } else if (reply->status == 200) {
      return parse_secret_response(reply->body, m_settings.secret_id);
    } else {
      // The extension's error text (e.g. AccessDeniedException) says why; it holds no secret value.
      problem = "the Parameters and Secrets extension answered HTTP " + std::to_string(reply->status) + ": " +
                reply->body.substr(0, std::min<std::size_t>(reply->body.size(), 300));
      if (!extension_status_is_retryable(reply->status)) return secret_error(m_settings.secret_id, problem);
    }
    const auto delay = std::chrono::milliseconds(
        std::uniform_int_distribution<long>(ceiling.count() / 2, ceiling.count())(random));
    if (std::chrono::steady_clock::now() + delay >= give_up_at)
      return secret_error(m_settings.secret_id, problem);
    log(LogLevel::debug, "database secret not available yet; retrying",
        {{"attempt", attempt}, {"secret_id", m_settings.secret_id}});
    std::this_thread::sleep_for(delay);
    ceiling = std::min(ceiling * 2, std::chrono::milliseconds(500));
  }
}

SecretConninfo::SecretConninfo(SecretSource& source, ConnSettings base)
    : m_source(source), m_base(std::move(base)) {}

std::string SecretConninfo::conninfo() {
  const bool refresh = !m_secret || (!m_confirmed && !m_fetched_this_invocation);
  // A new connection after a working one: the cached secret is used, but it must prove itself again.
  m_confirmed = false;
  if (refresh) {
    m_fetched_this_invocation = true;
    ++m_fetches;
    auto secret = m_source.fetch();
    if (!secret) throw pg::DatabaseError(secret.error(), {});
    if (m_secret) log(LogLevel::info, "database secret fetched again", {{"fetches", m_fetches}});
    m_secret = std::move(secret).value();
  }
  return to_conninfo(merge_secret(m_base, *m_secret));
}

}  // namespace s3load::lambda
