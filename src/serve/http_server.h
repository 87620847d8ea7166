// A small HTTP/1.1 server over libmicrohttpd, one thread per connection, JSON responses only.
//
// The server reads headers, asks the handler whether to answer before the body (routing, auth-free
// answers, shutdown), enforces the body limit (413), then hands the whole body to the handler. One JSON log
// line per request: method, path (never the query string, which may hold the token), status, duration
// and the handler's fields. Bodies and credentials are never logged.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "serve/listen_address.h"

namespace s3load::serve {

struct RequestHead {
  std::string method;
  std::string path;                          // without the query string
  std::optional<std::string> authorization;  // the Authorization header
  std::optional<std::string> query_token;    // the decoded ?token= value
};

struct HttpResponse {
  unsigned status = 200;
  nlohmann::json body = nlohmann::json::object();
  std::vector<std::pair<std::string, std::string>> headers;
  nlohmann::json log_fields = nlohmann::json::object();  // added to the request's log line
};

// A JSON error answer {"error": code, "message": message}.
HttpResponse error_response(unsigned status, std::string code, std::string message);

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Called once the headers are in. A response ends the request without reading the body.
  virtual std::optional<HttpResponse> on_headers(const RequestHead& head) = 0;
  // Called with the complete body (within the limit). Runs on the connection's thread and may block.
  virtual HttpResponse on_body(const RequestHead& head, std::string body) = 0;
};

struct HttpServerOptions {
  ListenAddress listen;
  std::size_t max_body_bytes = 1u << 20;
  unsigned connection_limit = 64;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler& handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on background threads. Throws Failure (permanent, "listen_failed").
  void start();
  // The port actually bound (differs from the requested one when that was 0).
  std::uint16_t port() const;
  // Closes the listening socket: new connections are refused; open connections go on.
  void stop_accepting();
  // Requests received (at least their headers) and not yet fully answered.
  std::size_t requests_in_progress() const;
  // Closes every connection and joins the server's threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace s3load::serve
