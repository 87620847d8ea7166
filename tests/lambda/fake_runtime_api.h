// A fake of the Lambda Runtime API (the one hand-written fake the tests allow): serves the events a test
// queues to GET /2018-06-01/runtime/invocation/next, with the headers Lambda sends, and records every
// answer — /response, /error and /runtime/init/error — with its headers, so a test can run
// `s3load lambda` (or the zip's bootstrap) exactly as Lambda would.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http_test_server.h"

namespace s3load::testing {

struct RuntimeAnswer {
  std::string kind;  // "response", "error" or "init_error"
  std::string request_id;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::int64_t received_ms = 0;                // epoch ms
};

struct QueuedInvocation {
  std::string payload;
  std::optional<std::int64_t> deadline_ms;  // epoch ms; unset: now + 5 minutes when served
  std::string trace_id = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
  std::string function_arn = "arn:aws:lambda:us-east-1:123456789012:function:s3load";
};

inline std::int64_t epoch_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class FakeRuntimeApi {
 public:
  FakeRuntimeApi()
      : m_server(std::make_unique<TestHttpServer>([this](const auto& request) { return handle(request); })) {}
  ~FakeRuntimeApi() {
    stop();
    m_server.reset();  // joins the connection threads while the members they use still exist
  }

  // AWS_LAMBDA_RUNTIME_API for the process under test.
  std::string address() const { return "127.0.0.1:" + std::to_string(m_server->port()); }

  // Queues an event; returns the request id it will be served with.
  std::string enqueue(QueuedInvocation invocation) {
    std::lock_guard lock(m_mutex);
    const std::string id = "req-" + std::to_string(++m_sequence) + "-" + std::to_string(m_server->port());
    m_queue.emplace_back(id, std::move(invocation));
    m_changed.notify_all();
    return id;
  }
  std::string enqueue(const std::string& payload) { return enqueue(QueuedInvocation{.payload = payload}); }

  // Status answered to the next POSTs of /response (e.g. 413 or 500); 202 when unset.
  void set_response_status(int status) {
    std::lock_guard lock(m_mutex);
    m_response_status = status;
  }

  // Waits for the answer to one invocation.
  std::optional<RuntimeAnswer> wait_answer(const std::string& request_id,
                                           std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    std::unique_lock lock(m_mutex);
    std::optional<RuntimeAnswer> found;
    m_changed.wait_for(lock, timeout, [&] {
      for (const auto& answer : m_answers) {
        if (answer.request_id == request_id && answer.kind != "init_error") found = answer;
      }
      return found.has_value();
    });
    return found;
  }

  std::optional<RuntimeAnswer> wait_init_error(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::unique_lock lock(m_mutex);
    std::optional<RuntimeAnswer> found;
    m_changed.wait_for(lock, timeout, [&] {
      for (const auto& answer : m_answers) {
        if (answer.kind == "init_error") found = answer;
      }
      return found.has_value();
    });
    return found;
  }

  // Waits until GET /next has been called `count` times in all.
  bool wait_next_calls(int count, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return m_next_calls >= count; });
  }

  int next_calls() const {
    std::lock_guard lock(m_mutex);
    return m_next_calls;
  }
  std::vector<RuntimeAnswer> answers() const {
    std::lock_guard lock(m_mutex);
    return m_answers;
  }

  // Releases every GET /next still waiting (answered 500), so the server can shut down.
  void stop() {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_changed.notify_all();
  }

 private:
  static constexpr const char* PREFIX = "/2018-06-01/runtime/";

  TestHttpResponse handle(const TestHttpRequest& request) {
    const std::string path = request.path();
    if (path.rfind(PREFIX, 0) != 0) return {404, R"({"errorMessage":"not found"})"};
    const std::string route = path.substr(std::string(PREFIX).size());
    if (request.method == "GET" && route == "invocation/next") return next(request);
    if (request.method == "POST" && route == "init/error") return record("init_error", "", request);
    const std::string invocation = "invocation/";
    if (request.method == "POST" && route.rfind(invocation, 0) == 0) {
      const std::string rest = route.substr(invocation.size());
      const auto slash = rest.find('/');
      if (slash == std::string::npos) return {404, R"({"errorMessage":"not found"})"};
      const std::string id = rest.substr(0, slash);
      const std::string kind = rest.substr(slash + 1);
      if (kind != "response" && kind != "error") return {404, R"({"errorMessage":"not found"})"};
      return record(kind, id, request);
    }
    return {404, R"({"errorMessage":"not found"})"};
  }

  TestHttpResponse next(const TestHttpRequest& request) {
    std::unique_lock lock(m_mutex);
    ++m_next_calls;
    m_changed.notify_all();
    // A runtime killed while it waited leaves this request behind: it must not take an event meant for
    // the next runtime. The wait wakes up regularly to see whether the client is still there.
    for (;;) {
      if (m_stopping || request.peer_gone())
        return {500, R"({"errorMessage":"the fake Runtime API is shutting down"})"};
      if (!m_queue.empty()) break;
      m_changed.wait_for(lock, std::chrono::milliseconds(20));
    }
    auto [id, invocation] = std::move(m_queue.front());
    m_queue.pop_front();
    m_served[id] = false;
    const std::int64_t deadline = invocation.deadline_ms.value_or(epoch_ms_now() + 300000);
    return {200,
            invocation.payload,
            {{"Content-Type", "application/json"},
             {"Lambda-Runtime-Aws-Request-Id", id},
             {"Lambda-Runtime-Deadline-Ms", std::to_string(deadline)},
             {"Lambda-Runtime-Invoked-Function-Arn", invocation.function_arn},
             {"Lambda-Runtime-Trace-Id", invocation.trace_id}}};
  }

  TestHttpResponse record(const std::string& kind, const std::string& id, const TestHttpRequest& request) {
    std::lock_guard lock(m_mutex);
    if (kind != "init_error") {
      // As Lambda does: an unknown or already answered invocation is a bad request.
      const auto served = m_served.find(id);
      if (served == m_served.end() || served->second)
        return {400, R"({"errorMessage":"invalid request id","errorType":"InvalidRequestID"})"};
      if (kind == "response" && m_response_status != 202)
        return {m_response_status, R"({"errorMessage":"refused by the test","errorType":"Test"})"};
      served->second = true;
    }
    m_answers.push_back({kind, id, request.body, request.headers, epoch_ms_now()});
    m_changed.notify_all();
    return {202, R"({"status":"OK"})"};
  }

  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::pair<std::string, QueuedInvocation>> m_queue;
  std::map<std::string, bool> m_served;  // request id → answered
  std::vector<RuntimeAnswer> m_answers;
  int m_sequence = 0;
  int m_next_calls = 0;
  int m_response_status = 202;
  bool m_stopping = false;
  std::unique_ptr<TestHttpServer> m_server;  // last: its threads use the members above
};

}  // namespace s3load::testing
