// A fake of the AWS Parameters and Secrets Lambda Extension's HTTP endpoint:
//   GET /secretsmanager/get?secretId=<ARN, url-encoded>   X-Aws-Parameters-Secrets-Token: <session token>
// answers {"ARN":…,"Name":…,"SecretString":"<secret JSON>",…}; 401 without the right token, 404 for
// another secret id, 400 ("not ready") for the first `not_ready` requests, as during a cold start.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http_test_server.h"

namespace s3load::testing {

inline std::string url_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

class FakeSecretsExtension {
 public:
  FakeSecretsExtension(std::string secret_id, std::string token, nlohmann::json secret)
      : m_secret_id(std::move(secret_id)),
        m_token(std::move(token)),
        m_secret(std::move(secret)),
        m_server([this](const TestHttpRequest& request) { return handle(request); }) {}

  int port() const { return m_server.port(); }

  void set_secret(nlohmann::json secret) {
    std::lock_guard lock(m_mutex);
    m_secret = std::move(secret);
  }
  void set_not_ready(int requests) {
    std::lock_guard lock(m_mutex);
    m_not_ready = requests;
  }
  int requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }
  int served() const {
    std::lock_guard lock(m_mutex);
    return m_served;
  }

 private:
  TestHttpResponse handle(const TestHttpRequest& request) {
    std::lock_guard lock(m_mutex);
    ++m_requests;
    if (request.method != "GET" || request.path() != "/secretsmanager/get") return {404, "not found"};
    if (m_not_ready > 0) {
      --m_not_ready;
      return {400, "not ready to serve traffic, please wait"};
    }
    if (request.header("x-aws-parameters-secrets-token") != m_token) return {401, "missing or wrong token"};
    const std::string query = request.query();
    const std::string prefix = "secretId=";
    if (query.rfind(prefix, 0) != 0 || url_decode(query.substr(prefix.size())) != m_secret_id)
      return {404, "ResourceNotFoundException: Secrets Manager can't find the specified secret."};
    ++m_served;
    const nlohmann::json body = {{"ARN", m_secret_id},
                                 {"Name", "s3load-database"},
                                 {"VersionId", "00000000-0000-0000-0000-000000000001"},
                                 {"SecretString", m_secret.dump()},
                                 {"VersionStages", {"AWSCURRENT"}},
                                 {"CreatedDate", "2026-11-27T10:00:00Z"}};
    return {200, body.dump(), {{"Content-Type", "application/json"}}};
  }

  std::string m_secret_id;
  std::string m_token;
  mutable std::mutex m_mutex;
  nlohmann::json m_secret;
  int m_not_ready = 0;
  int m_requests = 0;
  int m_served = 0;
  TestHttpServer m_server;  // last: its threads use the members above
};

}  // namespace s3load::testing
