// s3load backfill: load every object under a prefix that is not loaded yet, with a progress bar.
#include <unistd.h>

#include "cli/app.h"
#include "cli/command.h"
#include "ops/backfill.h"
#include "ops/feed_names.h"
#include "ops/terminal.h"

namespace s3load::cli {

namespace {

struct BackfillArgs {
  std::string source;
  int concurrency = 4;
  bool dry_run = false;
  std::optional<std::string> feed;
};

int run_backfill(const BackfillArgs& args) {
  const auto url = parse_s3_url(args.source);
  if (!url) {
    std::fprintf(
        stderr,
        "s3load: \"%s\" is not an S3 URL; use s3://bucket/prefix/ (or s3://bucket for the whole bucket)\n",
        args.source.c_str());
    return EXIT_REJECTED;
  }
  if (!check_s3_url_bucket(*url, args.source)) return EXIT_REJECTED;
  if (args.concurrency < 1 || args.concurrency > ops::MAX_BACKFILL_CONCURRENCY) {
    std::fprintf(
        stderr,
        "s3load: --concurrency %d is out of range; use 1 to %d (each worker holds one database connection)\n",
        args.concurrency, ops::MAX_BACKFILL_CONCURRENCY);
    return EXIT_REJECTED;
  }
  auto config = load_config_or_report();
  if (!config) return EXIT_REJECTED;
  if (args.feed && !find_feed(*config, *args.feed)) {
    std::fprintf(stderr, "s3load: %s\n", ops::unknown_feed_message(*config, *args.feed).c_str());
    return EXIT_REJECTED;
  }
  auto lister = make_s3_client_or_report();
  if (!lister) return EXIT_REJECTED;
  install_interrupt_handlers();

  const bool terminal = ops::is_terminal(STDERR_FILENO);
  auto display = terminal ? ops::make_terminal_display(STDERR_FILENO, ops::is_terminal(STDOUT_FILENO))
                          : ops::make_log_display();
  const ops::BackfillRequest request{
      .config = *config,
      .bucket = url->bucket,
      .prefix = url->key,
      .feed = args.feed,
      .concurrency = args.concurrency,
      .dry_run = args.dry_run,
      .request_id = new_request_id("backfill"),
      .cancel = &g_interrupted,
      // The settings were checked when the lister was made; the same environment gives the same answer.
      .make_s3 = [] { return std::make_unique<S3Client>(s3_settings_from_environment().value()); },
      .make_database = [] { return make_database_session(); },
      // Under a progress bar the outcome lines say it all; log lines would break the bar.
      .log_outcomes = !terminal,
  };
  auto ledger = make_database_session();
  try {
    return static_cast<int>(ops::run_backfill(request, *lister, *ledger, *display).verdict);
  } catch (const Failure& failure) {
    std::fprintf(stderr, "s3load: backfill of %s stopped before loading anything: %s\n", args.source.c_str(),
                 failure.error().message.c_str());
    return failure.error().is_transient() ? EXIT_TRANSIENT : EXIT_REJECTED;
  }
}

const CommandRegistration REGISTRATION(50, [](CLI::App& app) -> std::function<int()> {
  auto args = std::make_shared<BackfillArgs>();
  auto* command = app.add_subcommand(
      "backfill",
      "Load every object under an S3 prefix that is not loaded yet (objects that were there before the "
      "trigger)");
  command->add_option("source", args->source, "s3://bucket/prefix/ (s3://bucket for the whole bucket)")
      ->required();
  command->add_option("--concurrency", args->concurrency, "objects loaded in parallel, 1 to 64 (default 4)");
  command->add_flag("--dry-run", args->dry_run,
                    "list what would load ({\"status\":\"would_load\",…} lines), load nothing");
  command->add_option("--feed", args->feed,
                      "load every listed object with this feed (default: the feed matching each key; keys "
                      "matching none are skipped)");
  command->footer(
      "Skipped without fetching: keys matching no feed, folder markers (keys ending in /), and objects "
      "whose\n"
      "current ETag is already loaded. Everything else goes through the normal exactly-once load.\n"
      "On a terminal a progress bar is drawn on stderr; otherwise stderr gets a JSON progress line every 2 "
      "s.\n"
      "stdout gets one JSON outcome line per object loaded (or attempted).\n"
      "Ctrl-C stops cleanly: loads in flight roll back, nothing new starts, exit 1. Run the same command "
      "again\n"
      "to continue where it stopped (a second Ctrl-C quits at once; the database rolls back by itself).\n"
      "Exit codes: 0 all loaded or already loaded, 2 something rejected, 1 something failed or interrupted.\n"
      "Examples:\n"
      "  s3load backfill s3://vendor-drop/acme/orders/ --dry-run\n"
      "  s3load backfill s3://vendor-drop/acme/ --concurrency 8\n"
      "  s3load backfill s3://vendor-drop/legacy/ --feed acme-orders > outcomes.jsonl");
  return [command, args] { return command->parsed() ? run_backfill(*args) : -1; };
});

}  // namespace

}  // namespace s3load::cli
