// `s3load serve`: the Lambda handler behind an HTTP endpoint for S3-compatible push notifications.
//
// Start-up: binds (loopback unless allowed otherwise), connects one database session (a failure is
// logged, not fatal: pushes are answered 503 until the database answers), logs
//   {"message":"listening","listen":"127.0.0.1:8089",…}
// and serves until SIGTERM or SIGINT. Shutdown: the listening socket closes, new requests are answered
// 503, loads in progress may finish for `shutdown_grace`; then the cancel flag is set, running statements
// are cancelled, those loads roll back and their requests are answered 503. A second signal skips the
// grace period. Returns 0 once every request is answered. Requests still running 30 s after the
// cancellation (or a third signal) end the process at once with status 1.
#pragma once

#include <functional>

#include "feeds/feed_config.h"
#include "pipeline/outcome.h"
#include "s3/s3_settings.h"
#include "serve/serve_settings.h"

namespace s3load::serve {

struct ServeContext {
  const ServeSettings& settings;
  const Config& config;
  const S3Settings& s3;
  std::function<std::string()> conninfo;
  std::function<void(const Outcome&)> on_outcome;
};

// Blocks SIGINT and SIGTERM in the calling thread (threads started later inherit that) and waits for them.
// Throws Failure ("listen_failed") when it cannot bind.
int run_serve(const ServeContext& context);

}  // namespace s3load::serve
