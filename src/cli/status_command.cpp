// s3load status: the ledger for operators: what was loaded, rejected or failed, and why.
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "cli/app.h"
#include "cli/command.h"
#include "core/log.h"
#include "feeds/glob.h"
#include "ops/since.h"
#include "ops/status_report.h"
#include "ops/terminal.h"
#include "pg/ledger_history.h"

namespace s3load::cli {

namespace {

constexpr std::int64_t DEFAULT_TABLE_ROWS = 50;
constexpr std::int64_t REJECTED_ROWS_PER_INGESTION = 20;  // in the listing; --id shows more
// Tables written to a pipe or file are cut to this width, so a 4,000-character error stays one readable
// line; --json and --id carry the full text.
constexpr std::size_t PIPE_WIDTH = 160;

struct StatusArgs {
  std::string since = "7d";
  std::optional<std::string> status;
  std::optional<std::string> feed;
  std::optional<std::string> key;
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> id;
  bool rejected_rows = false;
  bool json = false;
};

double epoch_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void print_json(const nlohmann::json& json) {
  write_stdout_line(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void print_text(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

std::size_t screen_width() {
  return ops::terminal_width(STDOUT_FILENO, PIPE_WIDTH);
}

// nullopt: no limit.
std::optional<std::int64_t> row_limit(const StatusArgs& args, std::optional<std::int64_t> fallback) {
  if (!args.limit) return fallback;
  if (*args.limit == 0) return std::nullopt;
  return args.limit;
}

int show_one(pg::Connection& connection, const StatusArgs& args) {
  auto record = pg::read_ingestion(connection, *args.id);
  if (!record) {
    std::fprintf(stderr, "s3load: no ingestion has id %lld; s3load status lists them with their ids\n",
                 static_cast<long long>(*args.id));
    return EXIT_REJECTED;
  }
  ops::IngestionDetail detail;
  detail.attempts = pg::read_attempts(connection, record->id);
  detail.rejected_rows = pg::read_rejected_rows(connection, record->id, row_limit(args, DEFAULT_TABLE_ROWS));
  detail.rejected_rows_stored = pg::count_rejected_rows(connection, record->id);
  detail.record = std::move(*record);
  if (args.json) {
    auto json = ops::ingestion_json(detail.record);
    json["attempt_history"] = nlohmann::json::array();
    for (const auto& attempt : detail.attempts)
      json["attempt_history"].push_back(ops::attempt_json(attempt));
    json["rejected_rows"] = nlohmann::json::array();
    for (const auto& row : detail.rejected_rows)
      json["rejected_rows"].push_back(ops::rejected_row_json(row));
    print_json(json);
  } else {
    print_text(ops::render_ingestion_detail(detail, screen_width()));
  }
  return EXIT_OK;
}

int show_list(pg::Connection& connection, const StatusArgs& args, const pg::IngestionFilter& filter,
              const std::string& window) {
  // Totals cover every matching row, not only those shown.
  ops::StatusTotals totals;
  std::vector<pg::IngestionRecord> rows;
  const auto limit =
      row_limit(args, args.json ? std::nullopt : std::optional<std::int64_t>(DEFAULT_TABLE_ROWS));
  if (!args.key) {
    for (const auto& count : pg::count_ingestions(connection, filter))
      totals.add(count.status, count.ingestions, count.rows_loaded, count.rows_rejected);
    rows = pg::find_ingestions(connection, filter, limit);
  } else {
    // The key glob is the feeds' glob, not SQL's: applied here, over the rows the other filters select.
    std::vector<std::int64_t> ids;
    for (const auto& summary : pg::scan_ingestions(connection, filter)) {
      if (!glob_matches(*args.key, summary.key)) continue;
      totals.add(summary.status, 1, summary.rows_loaded, summary.rows_rejected);
      if (!limit || static_cast<std::int64_t>(ids.size()) < *limit) ids.push_back(summary.id);
    }
    rows = pg::read_ingestions(connection, ids);
  }
  // Newest first from the ledger; shown oldest first, so the latest is next to the totals.
  std::reverse(rows.begin(), rows.end());

  if (args.json) {
    for (const auto& row : rows) {
      auto json = ops::ingestion_json(row);
      if (args.rejected_rows) {
        json["rejected_rows"] = nlohmann::json::array();
        for (const auto& rejected : pg::read_rejected_rows(connection, row.id))
          json["rejected_rows"].push_back(ops::rejected_row_json(rejected));
      }
      print_json(json);
    }
    return EXIT_OK;
  }

  const std::size_t width = screen_width();
  std::string out;
  if (!rows.empty()) out += ops::render_status_table(rows, width);
  if (args.rejected_rows) {
    for (const auto& row : rows) {
      const auto rejected = pg::read_rejected_rows(connection, row.id, REJECTED_ROWS_PER_INGESTION);
      if (rejected.empty()) continue;
      out += "\nrejected rows of ingestion " + std::to_string(row.id) + " (s3://" + row.bucket + "/" +
             row.key + "):\n" + ops::render_rejected_rows(rejected, width);
      if (static_cast<std::int64_t>(rejected.size()) == REJECTED_ROWS_PER_INGESTION)
        out += "(s3load status --id " + std::to_string(row.id) + " --limit 0 shows them all)\n";
    }
  }
  if (!rows.empty()) out += "\n";
  out += ops::render_totals(totals, rows.size(), window);
  print_text(out);
  return EXIT_OK;
}

int run_status(const StatusArgs& args) {
  if (args.limit && *args.limit < 0) {
    std::fprintf(stderr, "s3load: --limit %lld is negative; give a number of rows, or 0 for all\n",
                 static_cast<long long>(*args.limit));
    return EXIT_REJECTED;
  }
  pg::IngestionFilter filter;
  std::string window = "in the whole ledger";
  if (!args.id) {
    const auto since = ops::parse_since(args.since, epoch_now());
    if (!since) {
      std::fprintf(stderr, "s3load: %s\n", since.error().message.c_str());
      return EXIT_REJECTED;
    }
    filter.since = *since;
    if (filter.since) window = "since " + ops::format_utc(*filter.since);
    if (args.status) {
      auto statuses = ops::parse_statuses(*args.status);
      if (!statuses) {
        std::fprintf(stderr, "s3load: %s\n", statuses.error().message.c_str());
        return EXIT_REJECTED;
      }
      filter.statuses = std::move(statuses).value();
    }
    if (args.key) {
      if (auto problem = validate_glob(*args.key)) {
        std::fprintf(
            stderr,
            "s3load: --key \"%s\" is not a valid glob: %s; globs are those of the feeds' match: '*' within "
            "one path segment, '**' (a whole segment) across segments, '?' one character, e.g. "
            "'acme/orders/**' or 'acme/*/2026-11-*.csv'\n",
            args.key->c_str(), problem->c_str());
        return EXIT_REJECTED;
      }
    }
    filter.feed = args.feed;
  }

  auto database = make_database_session();
  try {
    auto& connection = database->connection();
    return args.id ? show_one(connection, args) : show_list(connection, args, filter, window);
  } catch (const Failure& failure) {
    std::fprintf(stderr, "s3load: cannot read the ledger: %s\n", failure.error().message.c_str());
    return EXIT_TRANSIENT;
  }
}

const CommandRegistration REGISTRATION(30, [](CLI::App& app) -> std::function<int()> {
  auto args = std::make_shared<StatusArgs>();
  auto* command =
      app.add_subcommand("status", "Show the ledger: what was loaded, rejected or failed, and why");
  command->add_option(
      "--since", args->since,
      "only ingestions started since then: 30m, 6h, 2d, 1w, 2026-11-27, 2026-11-27T10:00:00Z, "
      "or all (default 7d)");
  command->add_option("--status", args->status, "loaded, rejected or failed (several: rejected,failed)");
  command->add_option("--feed", args->feed, "only this feed (as recorded in the ledger)");
  command->add_option("--key", args->key,
                      "only keys matching this glob (as in a feed's match), e.g. 'acme/**'");
  command->add_option("--limit", args->limit,
                      "rows to show, newest kept (default 50 for the table, all with --json; 0 for all)");
  command->add_flag("--json", args->json,
                    "JSON lines, one per ledger row with every column, instead of the table");
  command->add_option("--id", args->id,
                      "show one ingestion in full: its error, every attempt and its rejected rows (line, "
                      "column, reason, raw line)");
  command->add_flag("--rejected-rows", args->rejected_rows,
                    "also show the rejected rows of each listed ingestion");
  command->footer(
      "Times are UTC. The totals line counts every matching ingestion, not only those shown.\n"
      "Exit codes: 0 shown, 2 bad arguments, 1 the database could not be read.\n"
      "Examples:\n"
      "  s3load status                                   # the last 7 days\n"
      "  s3load status --since 1d --feed acme-orders     # did yesterday's file load?\n"
      "  s3load status --status rejected,failed --since 2026-11-01\n"
      "  s3load status --key 'acme/orders/2026-11-*.csv' --json | jq .rows_loaded\n"
      "  s3load status --id 42                           # why was it rejected? lines, columns, reasons");
  return [command, args] { return command->parsed() ? run_status(*args) : -1; };
});

}  // namespace

}  // namespace s3load::cli
