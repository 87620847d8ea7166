// s3load replay: load again, with the current config, what was rejected or failed (after a fix).
#include <algorithm>
#include <chrono>
#include <variant>

#include "cli/app.h"
#include "cli/command.h"
#include "core/log.h"
#include "ops/feed_names.h"
#include "ops/replay.h"
#include "ops/since.h"
#include "pg/ledger_history.h"
#include "source/local_file_source.h"

namespace s3load::cli {

namespace {

static_assert(static_cast<int>(ops::RunVerdict::ok) == EXIT_OK);
static_assert(static_cast<int>(ops::RunVerdict::rejected) == EXIT_REJECTED);
static_assert(static_cast<int>(ops::RunVerdict::transient) == EXIT_TRANSIENT);

struct ReplayArgs {
  std::optional<std::string> source;  // s3://bucket/key or a local path
  bool failed = false;
  std::optional<std::string> since;
  std::optional<std::string> feed;
};

constexpr const char* DEFAULT_SINCE = "7d";

double epoch_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// What to replay, or an exit code after saying why there is nothing.
std::variant<std::vector<pg::IngestionRecord>, int> select_rows(pg::Connection& connection,
                                                                const ReplayArgs& args,
                                                                const Config& config) {
  if (args.source) {
    pg::IngestionFilter filter;
    filter.newest_per_key = true;
    if (auto url = parse_s3_url(*args.source)) {
      filter.bucket = url->bucket;
      filter.key = url->key;
    } else {
      filter.bucket = "";  // local files are recorded without a bucket
      filter.key = *args.source;
    }
    auto rows = pg::find_ingestions(connection, filter);
    if (rows.empty()) {
      std::fprintf(
          stderr,
          "s3load: %s is not in the ledger, so there is nothing to replay; load it with: s3load ingest "
          "'%s'\n",
          args.source->c_str(), args.source->c_str());
      return EXIT_REJECTED;
    }
    return rows;
  }

  const auto since = ops::parse_since(args.since.value_or(DEFAULT_SINCE), epoch_now());
  if (!since) {
    std::fprintf(stderr, "s3load: %s\n", since.error().message.c_str());
    return EXIT_REJECTED;
  }
  pg::IngestionFilter filter;
  filter.since = *since;
  filter.statuses = {"rejected", "failed"};
  filter.newest_per_key = true;
  auto rows = pg::find_ingestions(connection, filter);
  std::reverse(rows.begin(), rows.end());  // oldest first
  if (args.feed) rows = ops::assigned_to_feed(std::move(rows), config, *args.feed);
  if (rows.empty()) {
    const std::string window = *since ? "since " + ops::format_utc(**since) : "in the whole ledger";
    std::fprintf(
        stderr,
        "s3load: nothing to replay: no object is rejected or failed %s%s (--since all looks further back)\n",
        window.c_str(), args.feed ? (" for feed " + *args.feed).c_str() : "");
    return EXIT_OK;
  }
  return rows;
}

int run_replay(const ReplayArgs& args) {
  if (args.source && args.failed) {
    std::fprintf(stderr, "s3load: give either an object (s3://bucket/key) or --failed, not both\n");
    return EXIT_REJECTED;
  }
  if (!args.source && !args.failed) {
    std::fprintf(
        stderr,
        "s3load: name what to replay: an object (s3load replay s3://bucket/key) or every rejected or "
        "failed one (s3load replay --failed [--since 2d])\n");
    return EXIT_REJECTED;
  }
  if (args.source && args.since) {
    std::fprintf(stderr,
                 "s3load: --since goes with --failed; an object is replayed whenever it was loaded\n");
    return EXIT_REJECTED;
  }
  if (args.source && args.source->rfind("s3://", 0) == 0) {
    const auto url = parse_s3_url(*args.source);
    if (!url || url->key.empty()) {
      std::fprintf(
          stderr,
          "s3load: \"%s\" does not name an object; use s3://bucket/key (for every object under a prefix, "
          "use s3load backfill s3://bucket/prefix/)\n",
          args.source->c_str());
      return EXIT_REJECTED;
    }
    if (!check_s3_url_bucket(*url, *args.source)) return EXIT_REJECTED;
  }
  auto config = load_config_or_report();
  if (!config) return EXIT_REJECTED;
  if (args.feed && !find_feed(*config, *args.feed)) {
    std::fprintf(stderr, "s3load: %s\n", ops::unknown_feed_message(*config, *args.feed).c_str());
    return EXIT_REJECTED;
  }
  install_interrupt_handlers();

  auto database = make_database_session();
  std::vector<pg::IngestionRecord> rows;
  try {
    auto selected = select_rows(database->connection(), args, *config);
    if (const int* code = std::get_if<int>(&selected)) return *code;
    rows = std::move(std::get<std::vector<pg::IngestionRecord>>(selected));
  } catch (const Failure& failure) {
    std::fprintf(stderr, "s3load: cannot read the ledger: %s\n", failure.error().message.c_str());
    return EXIT_TRANSIENT;
  }

  std::unique_ptr<S3Client> s3;
  std::unique_ptr<LocalFileSource> files;
  if (std::any_of(rows.begin(), rows.end(), [](const auto& row) { return !ops::is_local_file(row); })) {
    s3 = make_s3_client_or_report();
    if (!s3) return EXIT_REJECTED;
  }
  if (std::any_of(rows.begin(), rows.end(), [](const auto& row) { return ops::is_local_file(row); }))
    files = std::make_unique<LocalFileSource>();

  const ops::ReplayRequest request{.config = *config,
                                   .s3 = s3.get(),
                                   .local = files.get(),
                                   .database = *database,
                                   .forced_feed = args.source ? args.feed : std::nullopt,
                                   .request_id = new_request_id("replay"),
                                   .cancel = &g_interrupted,
                                   .on_outcome = print_outcome};
  const auto verdict = ops::replay(rows, request);
  if (g_interrupted.load())
    std::fprintf(
        stderr,
        "s3load: replay interrupted; run it again to continue (loaded objects are not loaded twice)\n");
  return static_cast<int>(verdict);
}

const CommandRegistration REGISTRATION(40, [](CLI::App& app) -> std::function<int()> {
  auto args = std::make_shared<ReplayArgs>();
  auto* command = app.add_subcommand(
      "replay", "Load again, with the current config, what was rejected or failed (after a fix)");
  command->add_option("source", args->source, "s3://bucket/key (or a local path loaded with s3load ingest)");
  command->add_flag("--failed", args->failed, "every object whose latest attempt was rejected or failed");
  command->add_option("--since", args->since,
                      "with --failed: only those attempted since then: 30m, 6h, 2d, 1w, 2026-11-27, or all "
                      "(default 7d)");
  command->add_option(
      "--feed", args->feed,
      "with an object: load it with this feed; with --failed: only objects the config now assigns "
      "to this feed");
  command->footer(
      "The version replayed is the one recorded in the ledger (version id, else ETag): a replay loads "
      "exactly\n"
      "what failed, with the config and table as they are now. A version already loaded stays loaded\n"
      "(\"duplicate\"); one overwritten since is \"superseded\" (load the current one with s3load ingest).\n"
      "Each attempt is counted in the ledger and kept in s3load.attempts (s3load status --id N shows them).\n"
      "Exit codes: 0 all loaded or already loaded, 2 something rejected, 1 something failed (retry later).\n"
      "Examples:\n"
      "  s3load replay 's3://vendor-drop/acme/orders/2026-11-27.csv'\n"
      "  s3load replay --failed --since 2d\n"
      "  s3load replay --failed --feed acme-orders --since all");
  return [command, args] { return command->parsed() ? run_replay(*args) : -1; };
});

}  // namespace

}  // namespace s3load::cli
