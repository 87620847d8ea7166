#include "serve/serve.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "core/log.h"
#include "serve/event_endpoint.h"
#include "serve/http_server.h"
#include "serve/token_check.h"
#include "serve/worker_pool.h"

namespace s3load::serve {

namespace {

using Clock = std::chrono::steady_clock;

// After the cancellation, how long loads get to roll back before the process gives up on them.
constexpr std::chrono::seconds CANCEL_WAIT{30};
// How often shutdown looks at the requests in progress (and for a second signal).
constexpr std::chrono::milliseconds SHUTDOWN_POLL{20};

sigset_t shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// Waits for SIGINT/SIGTERM for at most `timeout`; true when one came.
bool wait_for_signal(const sigset_t& set, std::chrono::milliseconds timeout) {
  timespec wait{};
  wait.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  wait.tv_nsec = static_cast<long>((timeout.count() % 1000) * 1000000);
  return sigtimedwait(&set, nullptr, &wait) > 0;
}

// True when the server went idle before `deadline`; false at the deadline or on a (further) signal.
bool wait_until_idle(const HttpServer& server, const sigset_t& signals, Clock::time_point deadline) {
  while (server.requests_in_progress() > 0) {
    if (Clock::now() >= deadline) return false;
    if (wait_for_signal(signals, SHUTDOWN_POLL)) return false;
  }
  return true;
}

}  // namespace

int run_serve(const ServeContext& context) {
  const ServeSettings& settings = context.settings;
  const sigset_t signals = shutdown_signals();
  // Every thread started from here on inherits the mask, so the signals reach only sigtimedwait below.
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const TokenCheck token(settings.token);
  CancelFlag cancel{false};
  WorkerPool workers(context.config, context.s3, settings.concurrency, context.conninfo);
  EventEndpoint endpoint(
      token, workers,
      {.worker_wait = settings.worker_wait, .cancel = &cancel, .on_outcome = context.on_outcome});
  HttpServer server({.listen = settings.listen,
                     .max_body_bytes = settings.max_body_bytes,
                     .connection_limit = CONNECTION_LIMIT},
                    endpoint);

  try {
    workers.warm_up();
  } catch (const Failure& failure) {
    log(LogLevel::warn, "database not reachable at start-up; pushes are answered 503 until it is",
        {{"error_code", failure.error().code}, {"error_message", failure.error().message}});
  }
  server.start();
  if (!settings.listen.is_loopback())
    log(LogLevel::warn, "listening on a non-loopback address (--allow-remote): other machines can reach it",
        {{"listen", settings.listen.to_string(server.port())}});
  log(LogLevel::info, "listening",
      {{"listen", settings.listen.to_string(server.port())},
       {"port", server.port()},
       {"concurrency", settings.concurrency},
       {"max_body_bytes", settings.max_body_bytes},
       {"config", context.config.path}});

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  const auto shutdown_start = Clock::now();
  log(LogLevel::info, "shutting down",
      {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"},
       {"requests_in_progress", server.requests_in_progress()},
       {"grace_ms", settings.shutdown_grace.count()}});
  endpoint.start_draining();
  server.stop_accepting();
  workers.close();

  bool cancelled = false;
  if (!wait_until_idle(server, signals, shutdown_start + settings.shutdown_grace)) {
    cancelled = true;
    log(LogLevel::warn, "cancelling the loads in progress; they roll back and are answered 503",
        {{"requests_in_progress", server.requests_in_progress()}});
    cancel.store(true);
    workers.cancel_running();
    if (!wait_until_idle(server, signals, Clock::now() + CANCEL_WAIT)) {
      log(LogLevel::error, "requests still running after the cancellation; exiting anyway",
          {{"requests_in_progress", server.requests_in_progress()}});
      // Their threads still use the workers: destroying the server or the pool now would wait for them
      // forever or free what they use, so leave without running destructors.
      std::fflush(nullptr);
      std::_Exit(1);
    }
  }
  server.stop();
  log(LogLevel::info, "stopped",
      {{"cancelled", cancelled},
       {"shutdown_ms", std::chrono::duration<double, std::milli>(Clock::now() - shutdown_start).count()}});
  return 0;
}

}  // namespace s3load::serve
