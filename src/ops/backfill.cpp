#include "ops/backfill.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

#include "core/log.h"
#include "ops/text_table.h"
#include "pg/ledger_history.h"
#include "pipeline/ingestor.h"

namespace s3load::ops {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t PROBLEMS_LISTED = 10;
constexpr auto TICK = std::chrono::milliseconds(100);

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string json_line(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// What the workers share. Counters are atomics so the ticker can read them while workers run.
struct Shared {
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> done{0};
  std::atomic<std::uint64_t> loaded{0};
  std::atomic<std::uint64_t> duplicate{0};
  std::atomic<std::uint64_t> rejected{0};
  std::atomic<std::uint64_t> failed{0};
  std::atomic<std::uint64_t> stopped{0};  // failed because the run was interrupted
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<std::int64_t> rows{0};
  std::mutex problems_mutex;
  std::vector<std::string> problems;  // the first rejected/failed objects, for the summary
};

ProgressSnapshot snapshot(const Shared& shared, const BackfillPlan& plan, double elapsed) {
  ProgressSnapshot progress;
  progress.files_total = plan.to_load.size();
  progress.files_done = shared.done.load();
  progress.loaded = shared.loaded.load();
  progress.duplicate = shared.duplicate.load();
  progress.rejected = shared.rejected.load();
  progress.failed = shared.failed.load();
  progress.bytes_total = plan.bytes_to_load;
  progress.bytes_done = shared.bytes.load();
  progress.rows = shared.rows.load();
  progress.elapsed_seconds = elapsed;
  return progress;
}

void count(Shared& shared, const Outcome& outcome, const PlannedObject& item) {
  switch (outcome.status) {
    case OutcomeStatus::loaded:
      ++shared.loaded;
      break;
    case OutcomeStatus::rejected:
      ++shared.rejected;
      break;
    case OutcomeStatus::failed:
      ++shared.failed;
      if (outcome.error && outcome.error->code == "cancelled") ++shared.stopped;
      break;
    default:
      ++shared.duplicate;
      break;
  }
  shared.rows += outcome.rows_loaded;
  shared.bytes += static_cast<std::uint64_t>(std::max<std::int64_t>(item.object.size.value_or(0), 0));
  if ((outcome.status == OutcomeStatus::rejected || outcome.status == OutcomeStatus::failed) &&
      outcome.error && outcome.error->code != "cancelled") {
    std::lock_guard lock(shared.problems_mutex);
    if (shared.problems.size() < PROBLEMS_LISTED)
      shared.problems.push_back(
          std::string(to_string(outcome.status)) + " s3://" + item.object.bucket + "/" + item.object.key +
          (outcome.ingestion_id ? " (s3load status --id " + std::to_string(outcome.ingestion_id) + ")" : "") +
          ": " + outcome.error->code + ": " + outcome.error->message);
  }
  ++shared.done;
}

std::string plan_text(const std::string& where, const BackfillPlan& plan, bool dry_run) {
  return where + ": " + format_count(static_cast<long long>(plan.listed)) + " objects listed; " +
         format_count(static_cast<long long>(plan.to_load.size())) +
         (dry_run ? " would load (" : " to load (") + format_bytes(plan.bytes_to_load) +
         "); skipped: " + format_count(static_cast<long long>(plan.already_loaded)) + " already loaded, " +
         format_count(static_cast<long long>(plan.no_feed)) + " matching no feed, " +
         format_count(static_cast<long long>(plan.folders)) + " folder markers";
}

nlohmann::json plan_fields(const std::string& where, const BackfillPlan& plan) {
  return {{"source", where},
          {"listed", plan.listed},
          {"to_load", plan.to_load.size()},
          {"bytes_to_load", plan.bytes_to_load},
          {"already_loaded", plan.already_loaded},
          {"no_feed", plan.no_feed},
          {"folders", plan.folders}};
}

}  // namespace

BackfillResult run_backfill(const BackfillRequest& request, S3Client& lister, pg::DatabaseSession& ledger,
                            ProgressDisplay& display) {
  const auto cancelled = [&] { return request.cancel && request.cancel->load(); };
  const auto started = Clock::now();
  const std::string where = "s3://" + request.bucket + "/" + request.prefix;
  BackfillResult result;

  std::vector<ListedObject> listed;
  std::optional<std::string> token;
  display.note("listing " + where + " …", {{"source", where}});
  do {
    if (cancelled()) {
      result.interrupted = true;
      result.verdict = RunVerdict::transient;
      display.note("backfill interrupted while listing " + where + "; nothing was loaded",
                   {{"source", where}, {"listed", listed.size()}});
      return result;
    }
    ListPage page = lister.list_objects(request.bucket, request.prefix, token);
    for (auto& object : page.objects)
      listed.push_back(std::move(object));
    token = std::move(page.continuation_token);
  } while (token);

  const auto loaded = pg::loaded_etags(ledger.connection(), request.bucket, request.prefix);
  BackfillPlan plan = plan_backfill(request.bucket, listed, request.config, request.feed, loaded);
  listed.clear();
  display.note(plan_text(where, plan, request.dry_run), plan_fields(where, plan));

  if (request.dry_run) {
    for (const auto& item : plan.to_load)
      display.print_line(json_line({{"status", "would_load"},
                                    {"bucket", item.object.bucket},
                                    {"key", item.object.key},
                                    {"etag", item.object.etag.value_or("")},
                                    {"size", item.object.size.value_or(0)},
                                    {"feed", item.feed}}));
    plan.to_load.clear();
    result.plan = std::move(plan);
    return result;
  }

  // Every worker owns its S3 client (a pool of reused HTTP connections) and its database session.
  struct Worker {
    std::unique_ptr<S3Client> s3;
    std::unique_ptr<pg::DatabaseSession> database;
  };
  const std::size_t worker_count = std::min<std::size_t>(
      static_cast<std::size_t>(std::clamp(request.concurrency, 1, MAX_BACKFILL_CONCURRENCY)),
      plan.to_load.size());
  std::vector<Worker> workers;
  for (std::size_t i = 0; i < worker_count; ++i)
    workers.push_back({request.make_s3(), request.make_database()});

  Shared shared;
  const auto loading_started = Clock::now();
  std::vector<std::thread> threads;
  for (auto& worker : workers) {
    threads.emplace_back([&] {
      Ingestor ingestor(request.config, *worker.s3, *worker.database);
      IngestOptions options;
      options.feed_name = request.feed;
      options.request_id = request.request_id;
      options.cancel = request.cancel;
      while (!cancelled()) {
        const std::size_t index = shared.next.fetch_add(1);
        if (index >= plan.to_load.size()) break;
        const PlannedObject& item = plan.to_load[index];
        const Outcome outcome = ingestor.ingest(item.object, options);
        if (request.log_outcomes) log_outcome(outcome, request.request_id);
        display.print_line(json_line(to_json(outcome)));
        count(shared, outcome, item);
      }
    });
  }

  // The ticker redraws the progress and notices an interruption.
  std::mutex ticker_mutex;
  std::condition_variable ticker_wake;
  bool finished = false;
  std::thread ticker([&] {
    bool noted = false;
    std::unique_lock lock(ticker_mutex);
    while (!finished) {
      ticker_wake.wait_for(lock, TICK);
      if (finished) break;
      if (cancelled() && !noted) {
        noted = true;
        // A second Ctrl-C ends the process at once; PostgreSQL rolls back what was open.
        std::signal(SIGINT, SIG_DFL);
        display.note(
            "interrupted: no new load starts; loads in flight roll back (Ctrl-C again to quit at once)",
            {{"source", where}});
      }
      display.update(snapshot(shared, plan, seconds_since(loading_started)));
    }
  });
  for (auto& thread : threads)
    thread.join();
  {
    std::lock_guard lock(ticker_mutex);
    finished = true;
  }
  ticker_wake.notify_all();
  ticker.join();

  result.progress = snapshot(shared, plan, seconds_since(loading_started));
  result.interrupted = cancelled();
  display.finish(result.progress);

  const auto& progress = result.progress;
  if (result.interrupted)
    result.verdict = RunVerdict::transient;
  else if (progress.failed)
    result.verdict = RunVerdict::transient;
  else if (progress.rejected)
    result.verdict = RunVerdict::rejected;

  const double total_seconds = seconds_since(started);
  std::string text;
  if (result.interrupted) {
    text = "backfill interrupted after " + format_duration(total_seconds) + ": " +
           format_count(static_cast<long long>(progress.files_done)) + " of " +
           format_count(static_cast<long long>(progress.files_total)) + " objects done (" +
           format_count(static_cast<long long>(progress.loaded)) + " loaded, " +
           format_count(static_cast<long long>(shared.stopped.load())) +
           " stopped and rolled back); run the same command again to continue: loaded objects are skipped";
  } else {
    text = "backfill finished in " + format_duration(total_seconds) + ": " +
           format_count(static_cast<long long>(progress.loaded)) + " loaded, " +
           format_count(static_cast<long long>(progress.duplicate)) + " already loaded, " +
           format_count(static_cast<long long>(progress.rejected)) + " rejected, " +
           format_count(static_cast<long long>(progress.failed)) + " failed; " + format_count(progress.rows) +
           " rows, " + format_bytes(progress.bytes_done);
  }
  {
    std::lock_guard lock(shared.problems_mutex);
    for (const auto& problem : shared.problems)
      text += "\n  " + problem;
    const auto problem_count = progress.rejected + progress.failed - shared.stopped.load();
    if (problem_count > shared.problems.size())
      text +=
          "\n  … and " + format_count(static_cast<long long>(problem_count - shared.problems.size())) +
          " more: s3load status --status rejected,failed" +
          (request.prefix.empty() || request.prefix.back() == '/' ? " --key '" + request.prefix + "**'" : "");
  }
  nlohmann::json fields = progress_json(progress);
  fields["source"] = where;
  fields["interrupted"] = result.interrupted;
  fields["stopped"] = shared.stopped.load();
  fields["duration_s"] = std::round(total_seconds * 10) / 10;
  display.note(text, fields);

  plan.to_load.clear();
  result.plan = std::move(plan);
  return result;
}

}  // namespace s3load::ops
