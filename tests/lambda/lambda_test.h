// A LoadTest (own table, key prefix and feeds config) plus a fake Runtime API and the Lambda runtime
// under test as a child process: `s3load lambda` by default, or any command line (the zip's bootstrap).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "fake_runtime_api.h"
#include "support/load_test.h"

namespace s3load::testing {

// Every line of `text` that parses as a JSON object.
inline std::vector<nlohmann::json> json_objects(const std::string& text) {
  std::vector<nlohmann::json> objects;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (!json.is_discarded() && json.is_object()) objects.push_back(std::move(json));
  }
  return objects;
}

// The log lines (stderr) whose "message" is `message`.
inline std::vector<nlohmann::json> log_lines(const std::string& err, const std::string& message) {
  std::vector<nlohmann::json> lines;
  for (auto& line : json_objects(err)) {
    if (line.value("message", "") == message) lines.push_back(std::move(line));
  }
  return lines;
}

class LambdaTest : public LoadTest {
 protected:
  void TearDown() override {
    m_api.stop();
    if (m_runtime) m_runtime->stop();
  }

  // The environment Lambda would give the runtime: the stack's settings, this test's config, the fake
  // Runtime API; `overrides` last ("" removes a variable).
  std::map<std::string, std::string> lambda_env(const std::map<std::string, std::string>& overrides = {}) {
    auto env = base_env();
    env["AWS_LAMBDA_RUNTIME_API"] = m_api.address();
    // The runtime's default sslmode is verify-full: trust the local server's throwaway CA.
    env["PGSSLROOTCERT"] = environment("S3LOAD_STACK_DIR") + "/pg/tls/ca.crt";
    for (const auto& [name, value] : overrides)
      env[name] = value;
    return environment_with(env);
  }

  void start_runtime(const std::map<std::string, std::string>& overrides = {},
                     std::vector<std::string> argv = {s3load_binary(), "lambda"}) {
    m_runtime = std::make_unique<ChildProcess>(argv, lambda_env(overrides));
  }

  // Queues the event and waits for its answer (fails the test when none comes).
  RuntimeAnswer invoke_lambda(QueuedInvocation invocation) {
    const std::string id = m_api.enqueue(std::move(invocation));
    auto answer = m_api.wait_answer(id);
    if (!answer) {
      ADD_FAILURE() << "no answer to " << id << "\n" << (m_runtime ? m_runtime->all() : "");
      return {};
    }
    return *answer;
  }
  RuntimeAnswer invoke_lambda(const std::string& payload) {
    return invoke_lambda(QueuedInvocation{.payload = payload});
  }

  // Waits until the runtime has logged the end of `request_id` (it logs before it answers, but the
  // answer may reach the test before the log line does); returns that line.
  nlohmann::json wait_for_invocation_log(const std::string& request_id) {
    nlohmann::json found;
    const bool logged = m_runtime->wait_for_err(
        [&](const std::string& err) {
          for (auto& line : log_lines(err, "invocation finished")) {
            if (line.value("request_id", "") == request_id) found = line;
          }
          return !found.is_null();
        },
        std::chrono::seconds(30));
    EXPECT_TRUE(logged) << m_runtime->all();
    return found;
  }

  FakeRuntimeApi m_api;
  std::unique_ptr<ChildProcess> m_runtime;
};

}  // namespace s3load::testing
