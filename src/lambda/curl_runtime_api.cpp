#include "lambda/curl_runtime_api.h"

#include <charconv>
#include <nlohmann/json.hpp>

namespace s3load::lambda {

namespace {

// Answers to /response and /error are short; a post that takes this long means the API is gone.
constexpr long POST_TIMEOUT_MS = 30000;
constexpr std::size_t MAX_DETAIL_BYTES = 300;

std::string short_detail(const HttpReply& reply) {
  std::string detail = "HTTP " + std::to_string(reply.status);
  if (!reply.body.empty())
    detail += ": " + reply.body.substr(0, std::min(reply.body.size(), MAX_DETAIL_BYTES));
  return detail;
}

}  // namespace

std::string error_document(const FunctionError& error) {
  const nlohmann::json document = {
      {"errorMessage", error.message}, {"errorType", error.type}, {"stackTrace", nlohmann::json::array()}};
  return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

PostStatus post_status_for(long http_status) {
  if (http_status >= 200 && http_status < 300) return PostStatus::accepted;
  if (http_status == 413) return PostStatus::too_large;
  if (http_status >= 400 && http_status < 500) return PostStatus::rejected;
  return PostStatus::fatal;
}

CurlRuntimeApi::CurlRuntimeApi(const std::string& address) : m_base("http://" + address + "/2018-06-01") {}

Result<Invocation> CurlRuntimeApi::next() {
  HttpRequest request;
  request.url = m_base + "/runtime/invocation/next";
  // No timeout: the call blocks until an event arrives, and Lambda freezes the whole process between
  // invocations, so any client-side timer would fire spuriously after a thaw.
  request.timeout_ms = 0;
  auto reply = m_http.send(request);
  if (!reply)
    return transient_error("runtime_api_unreachable",
                           "GET /runtime/invocation/next failed: " + reply.error().message);
  if (reply->status != 200)
    return transient_error("runtime_api_error",
                           "GET /runtime/invocation/next answered " + short_detail(*reply));
  Invocation invocation;
  invocation.request_id = reply->header("Lambda-Runtime-Aws-Request-Id").value_or("");
  if (invocation.request_id.empty())
    return transient_error("runtime_api_error",
                           "GET /runtime/invocation/next answered without Lambda-Runtime-Aws-Request-Id");
  if (const auto deadline = reply->header("Lambda-Runtime-Deadline-Ms")) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(deadline->data(), deadline->data() + deadline->size(), value);
    // A malformed deadline is ignored rather than trusted: the function then runs without a watch, and
    // Lambda's own timeout still applies.
    if (error == std::errc() && end == deadline->data() + deadline->size()) invocation.deadline_ms = value;
  }
  invocation.function_arn = reply->header("Lambda-Runtime-Invoked-Function-Arn").value_or("");
  invocation.trace_id = reply->header("Lambda-Runtime-Trace-Id").value_or("");
  invocation.payload = std::move(reply->body);
  return invocation;
}

PostResult CurlRuntimeApi::post_response(const std::string& request_id, const std::string& body) {
  return post("/runtime/invocation/" + url_encode(request_id) + "/response", body, "");
}

PostResult CurlRuntimeApi::post_error(const std::string& request_id, const FunctionError& error) {
  return post("/runtime/invocation/" + url_encode(request_id) + "/error", error_document(error), error.type);
}

PostResult CurlRuntimeApi::post_init_error(const FunctionError& error) {
  return post("/runtime/init/error", error_document(error), error.type);
}

PostResult CurlRuntimeApi::post(const std::string& path, const std::string& body,
                                const std::string& error_type) {
  HttpRequest request;
  request.method = "POST";
  request.url = m_base + path;
  request.body = body;
  request.timeout_ms = POST_TIMEOUT_MS;
  request.headers.emplace_back("Content-Type", "application/json");
  if (!error_type.empty()) request.headers.emplace_back("Lambda-Runtime-Function-Error-Type", error_type);
  auto reply = m_http.send(request);
  if (!reply) return {PostStatus::fatal, 0, "POST " + path + " failed: " + reply.error().message};
  return {post_status_for(reply->status), reply->status,
          "POST " + path + " answered " + short_detail(*reply)};
}

}  // namespace s3load::lambda
