#include <cstdio>

#include "cli/app.h"
#include "cli/command.h"
#include "core/log.h"
#include "serve/serve.h"

namespace s3load::cli {

namespace {

struct ServeArgs {
  std::string listen{serve::DEFAULT_LISTEN};
  bool allow_remote = false;
  int concurrency = serve::DEFAULT_CONCURRENCY;
  std::string shutdown_grace = "20s";
  std::string worker_wait = "10s";
  std::size_t max_request_bytes = serve::DEFAULT_MAX_BODY_BYTES;
};

// Start-up refusals (bad options, no token, bad config) exit 2; a failure to bind exits 1.
constexpr int EXIT_REFUSED = 2;

int refuse(const std::string& message) {
  std::fprintf(stderr, "s3load serve: %s\n", message.c_str());
  return EXIT_REFUSED;
}

int run_serve_command(const ServeArgs& args) {
  serve::ServeSettings settings;
  auto listen = serve::parse_listen_address(args.listen);
  if (!listen) return refuse(listen.error().message);
  settings.listen = *listen;
  settings.allow_remote = args.allow_remote;
  settings.token = process_environment("S3LOAD_SERVE_TOKEN").value_or("");
  settings.concurrency = args.concurrency;
  settings.max_body_bytes = args.max_request_bytes;
  auto grace = serve::parse_duration(args.shutdown_grace);
  if (!grace) return refuse("--shutdown-grace " + grace.error().message);
  settings.shutdown_grace = *grace;
  auto wait = serve::parse_duration(args.worker_wait);
  if (!wait) return refuse("--worker-wait " + wait.error().message);
  settings.worker_wait = *wait;
  auto valid = serve::validate(std::move(settings));
  if (!valid) return refuse(valid.error().message);

  auto config = load_config_or_report();
  if (!config) return EXIT_REFUSED;
  auto s3 = s3_settings_from_environment();
  if (!s3) return refuse(s3.error().message);

  try {
    return serve::run_serve({.settings = *valid,
                             .config = *config,
                             .s3 = *s3,
                             .conninfo = [] { return pg::database_url_from_environment(); },
                             .on_outcome = print_outcome});
  } catch (const Failure& failure) {
    std::fprintf(stderr, "s3load serve: %s\n", failure.error().message.c_str());
    return EXIT_TRANSIENT;
  }
}

const CommandRegistration REGISTRATION(80, [](CLI::App& app) -> std::function<int()> {
  auto args = std::make_shared<ServeArgs>();
  auto* command =
      app.add_subcommand("serve", "HTTP endpoint for S3-compatible push notifications (Ceph RGW, MinIO)");
  command
      ->add_option("--listen", args->listen, "ADDR:PORT or [IPv6]:PORT to listen on (port 0: any free one)")
      ->capture_default_str();
  command->add_flag("--allow-remote", args->allow_remote, "allow a non-loopback --listen address");
  command->add_option("--concurrency", args->concurrency, "loads at once (one database connection each)")
      ->capture_default_str();
  command
      ->add_option("--shutdown-grace", args->shutdown_grace,
                   "on SIGTERM/SIGINT, how long loads in progress may finish before they roll back")
      ->capture_default_str();
  command
      ->add_option("--worker-wait", args->worker_wait,
                   "how long a push waits for a free worker before it is answered 503")
      ->capture_default_str();
  command
      ->add_option("--max-request-bytes", args->max_request_bytes, "larger request bodies are answered 413")
      ->capture_default_str();
  command->footer(
      "Requires S3LOAD_SERVE_TOKEN (at least 16 characters). A push must present it as\n"
      "'Authorization: Bearer <token>', as '?token=<token>' in the URL, or as the records' opaqueData.\n"
      "POST / or /events: 200 when handled (loaded, duplicate, superseded, rejected, ignored),\n"
      "503 on a transient failure (the sender retries), 401 without the token, 413 when too large.\n"
      "GET /healthz: 200 {\"status\":\"ok\"}. One JSON log line per request on stderr; one JSON line per\n"
      "object outcome on stdout. Exit 0 after SIGTERM/SIGINT, 2 when refused at start-up, 1 when it\n"
      "cannot listen.\n"
      "Example:\n"
      "  S3LOAD_SERVE_TOKEN=$(openssl rand -hex 32) s3load serve --listen 127.0.0.1:8089\n"
      "See docs/serve.md for Ceph RGW topic and MinIO webhook recipes.");
  return [command, args] { return command->parsed() ? run_serve_command(*args) : -1; };
});

}  // namespace

}  // namespace s3load::cli
