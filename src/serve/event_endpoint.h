// What `s3load serve` answers. Routes:
//   POST /  and  POST /events   an S3-format event (Ceph RGW topic, MinIO webhook, or any shape the
//                               Lambda handler accepts) → handle_event() on a free worker:
//                               200 + the handler's response when every item was handled (loaded,
//                               duplicate, superseded, rejected, ignored); 503 when any failed transiently,
//                               so the sender retries; 401 without the token; 503 when no worker came free
//                               in time or the server is shutting down.
//   GET  /healthz               200 {"status":"ok"} without a token (503 while shutting down).
//   anything else               404, or 405 for another method on a known path.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string_view>

#include "pipeline/outcome.h"
#include "serve/http_server.h"
#include "serve/token_check.h"
#include "serve/worker_pool.h"

namespace s3load::serve {

enum class Route { events, healthz, not_found, method_not_allowed };

// Pure routing on method and path (path without query string).
Route route(std::string_view method, std::string_view path);

struct EndpointOptions {
  std::chrono::milliseconds worker_wait{10000};
  const CancelFlag* cancel = nullptr;              // set when the shutdown grace period is over
  std::function<void(const Outcome&)> on_outcome;  // sees each outcome (serve prints them on stdout)
};

class EventEndpoint : public HttpHandler {
 public:
  EventEndpoint(const TokenCheck& token, WorkerPool& workers, EndpointOptions options);

  std::optional<HttpResponse> on_headers(const RequestHead& head) override;
  HttpResponse on_body(const RequestHead& head, std::string body) override;

  // New requests are answered 503 from now on; loads in progress go on.
  void start_draining() { m_draining.store(true); }

 private:
  const TokenCheck& m_token;
  WorkerPool& m_workers;
  EndpointOptions m_options;
  std::atomic<bool> m_draining{false};
};

}  // namespace s3load::serve
