#include "serve/event_endpoint.h"

#include <cstdio>
#include <random>

#include "pipeline/handler.h"

namespace s3load::serve {

namespace {

std::string new_request_id() {
  thread_local std::mt19937_64 random(std::random_device{}());
  char text[24];
  std::snprintf(text, sizeof text, "serve-%016llx", static_cast<unsigned long long>(random()));
  return text;
}

HttpResponse shutting_down() {
  auto response = error_response(503, "shutting_down", "the server is shutting down; retry");
  response.headers.emplace_back("Connection", "close");
  response.headers.emplace_back("Retry-After", "1");
  return response;
}

nlohmann::json outcome_counts(const std::vector<Outcome>& outcomes) {
  nlohmann::json counts = nlohmann::json::object();
  for (const auto& outcome : outcomes) {
    const std::string name(to_string(outcome.status));
    counts[name] = counts.value(name, 0) + 1;
  }
  return counts;
}

}  // namespace

Route route(std::string_view method, std::string_view path) {
  if (path == "/" || path == "/events") return method == "POST" ? Route::events : Route::method_not_allowed;
  if (path == "/healthz")
    return method == "GET" || method == "HEAD" ? Route::healthz : Route::method_not_allowed;
  return Route::not_found;
}

EventEndpoint::EventEndpoint(const TokenCheck& token, WorkerPool& workers, EndpointOptions options)
    : m_token(token), m_workers(workers), m_options(std::move(options)) {}

std::optional<HttpResponse> EventEndpoint::on_headers(const RequestHead& head) {
  switch (route(head.method, head.path)) {
    case Route::events:
      if (m_draining.load()) return shutting_down();
      return std::nullopt;
    case Route::healthz: {
      if (m_draining.load()) {
        HttpResponse response = shutting_down();
        response.body = {{"status", "shutting_down"}};
        return response;
      }
      HttpResponse response;
      response.body = {{"status", "ok"}};
      return response;
    }
    case Route::method_not_allowed: {
      const bool events = head.path != "/healthz";
      auto response = error_response(
          405, "method_not_allowed",
          head.method + " is not allowed on " + head.path + "; use " + (events ? "POST" : "GET"));
      response.headers.emplace_back("Allow", events ? "POST" : "GET, HEAD");
      return response;
    }
    case Route::not_found:
      break;
  }
  return error_response(404, "not_found", "no such path; POST events to / or /events, GET /healthz");
}

HttpResponse EventEndpoint::on_body(const RequestHead& head, std::string body) {
  const Credentials credentials{
      head.authorization ? std::optional<std::string_view>(*head.authorization) : std::nullopt,
      head.query_token ? std::optional<std::string_view>(*head.query_token) : std::nullopt, body};
  if (!m_token.authorized(credentials)) {
    auto response =
        error_response(401, "unauthorized",
                       "missing or wrong token: send Authorization: Bearer <token>, ?token=<token> "
                       "in the URL, or the token as the records' opaqueData");
    response.headers.emplace_back("WWW-Authenticate", "Bearer");
    return response;
  }
  if (m_draining.load()) return shutting_down();
  auto lease = m_workers.acquire(m_options.worker_wait);
  if (!lease) {
    if (m_draining.load()) return shutting_down();
    auto response = error_response(503, "busy",
                                   "all " + std::to_string(m_workers.size()) +
                                       " workers stayed busy; retry (raise --concurrency if this persists)");
    response.headers.emplace_back("Retry-After", "1");
    return response;
  }

  IngestOptions options;
  options.request_id = new_request_id();
  options.cancel = m_options.cancel;
  HandlerResult result = handle_event(body, (*lease)->ingestor, options, m_options.on_outcome);

  HttpResponse response;
  response.log_fields = {{"request_id", options.request_id}, {"outcomes", outcome_counts(result.outcomes)}};
  response.body = std::move(result.response);
  std::size_t transient = 0;
  for (const auto& outcome : result.outcomes)
    transient += outcome.is_transient() ? 1 : 0;
  if (transient == 0) return response;
  // The sender retries a 5xx; loads are idempotent, so what did load is a duplicate next time.
  response.status = 503;
  response.body["errorType"] = result.raised ? result.error_type : "S3Load.TransientFailure";
  response.body["errorMessage"] = result.raised ? result.error_message
                                                : std::to_string(transient) + " of " +
                                                      std::to_string(result.outcomes.size()) +
                                                      " items failed transiently and will be retried";
  response.headers.emplace_back("Retry-After", "1");
  return response;
}

}  // namespace s3load::serve
