#include "pipeline/ingestor.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "core/log.h"
#include "decode/decoding_source.h"
#include "pg/table_info.h"
#include "pg/timeouts.h"
#include "pg/transaction.h"
#include "pipeline/file_loader.h"
#include "pipeline/load_target.h"
#include "pipeline/pipelined_copy_sink.h"

namespace s3load {

namespace {

using Clock = std::chrono::steady_clock;

// Whole-object retries for transient database faults (lost connection, serialization failure,
// deadlock). S3 faults are retried inside the S3 stream and are not retried again here.
constexpr int DATABASE_ATTEMPTS = 3;

double epoch_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double elapsed_ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Bounds for what the load transaction waits on: the ledger claim's lock (a concurrent load of the same
// key), and in Lambda every statement by the time left before the invocation's deadline.
void limit_waits(pg::Connection& connection, const IngestOptions& options,
                 std::chrono::milliseconds session_timeout) {
  if (!options.deadline) return;
  auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(*options.deadline - Clock::now());
  remaining = std::max(remaining, std::chrono::milliseconds(1));
  if (session_timeout.count() > 0) remaining = std::min(remaining, session_timeout);
  connection.exec("SET LOCAL statement_timeout = " + std::to_string(remaining.count()));
}

void set_status(Outcome& outcome, OutcomeStatus status, std::string detail = {}) {
  outcome.status = status;
  outcome.detail = std::move(detail);
}

}  // namespace

Ingestor::Ingestor(const Config& config, ObjectSource& source, pg::DatabaseSession& database)
    : m_config(config), m_source(source), m_database(database) {}

Outcome Ingestor::ingest(ObjectRef object, const IngestOptions& options) {
  const auto start = Clock::now();
  Outcome outcome;
  outcome.object = object;
  const FeedConfig* feed = options.feed_name ? find_feed(m_config, *options.feed_name)
                                             : match_feed(m_config, object.bucket, object.key);
  if (!feed) {
    const Error error = options.feed_name
                            ? permanent_error("unknown_feed", "no feed named \"" + *options.feed_name +
                                                                  "\" in " + m_config.path)
                            : permanent_error("no_feed", "no feed in " + m_config.path + " matches key \"" +
                                                             object.key + "\" of bucket \"" + object.bucket +
                                                             "\"; add a [[feed]] whose match covers it");
    fail(outcome, error, options);
    outcome.duration_ms = elapsed_ms(start);
    return outcome;
  }
  outcome.feed = feed->name;
  outcome.table = feed->table;

  std::mt19937 random(std::random_device{}());
  for (int attempt = 1;; ++attempt) {
    try {
      load(*feed, options, outcome);
      break;
    } catch (const pg::DatabaseError& error) {
      m_database.discard();
      const bool cancelled = options.cancel && options.cancel->load();
      // A refused privilege or login waits for an operator: another try in a moment would fail alike.
      const bool operator_fault = error.error().code == "access_denied" ||
                                  error.error().code == "bad_database_url" ||
                                  error.error().code == "bad_setting";
      if (!error.error().is_transient() || attempt >= DATABASE_ATTEMPTS || cancelled || operator_fault) {
        fail(outcome, error.error(), options);
        break;
      }
      log(LogLevel::warn, "database fault during load; retrying",
          {{"object", describe(*outcome.object)},
           {"attempt", attempt},
           {"error_code", error.error().code},
           {"error_message", error.error().message},
           {"request_id", options.request_id}});
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(100, 400 << attempt)(random)));
    } catch (const Failure& failure) {
      if (failure.error().code == "superseded") {
        set_status(outcome, OutcomeStatus::superseded, failure.error().message);
      } else {
        fail(outcome, failure.error(), options);
      }
      break;
    }
  }
  outcome.duration_ms = elapsed_ms(start);
  return outcome;
}

void Ingestor::load(const FeedConfig& feed, const IngestOptions& options, Outcome& outcome) {
  ObjectRef& object = *outcome.object;
  pg::Connection& connection = m_database.connection();

  // Cheap look first: a duplicate delivery should not even open the object.
  if (object.version_id || object.etag) {
    const auto prior = pg::precheck(connection, object);
    if (prior.claim == pg::Claim::duplicate)
      return set_status(outcome, OutcomeStatus::duplicate, prior.detail);
    if (prior.claim == pg::Claim::superseded)
      return set_status(outcome, OutcomeStatus::superseded, prior.detail);
  }

  std::unique_ptr<ByteSource> stream = open_pinned(object, feed, options);
  const auto [schema, table_name] = split_table_name(feed.table);
  const TableInfo table = pg::read_table_info(connection, schema, table_name);

  // The fast path first. When the server refuses rows without saying which (or skip_rows must keep the
  // others), the same version is read again and loaded in batches that isolate the offending rows; when a
  // direct upsert meets a key already in the table, it is read again and merged through the staging table.
  LoadPath path{.isolate = false, .direct_upsert = feed.mode == LoadMode::upsert};
  for (;;) {
    std::optional<PendingCommit> pending;
    Retry retry = Retry::none;
    try {
      retry = load_in_transaction(feed, table, *stream, path, options, outcome, pending);
    } catch (const pg::CommitError& error) {
      if (error.outcome() != pg::CommitOutcome::unknown || !pending) throw;
      return resolve_unknown_commit(error, *pending, options, outcome);
    }
    if (retry == Retry::none) return;
    if (retry == Retry::staged) {
      path.direct_upsert = false;
      log(LogLevel::info, "keys already in the table: reading the object again to merge it",
          {{"object", describe(object)}, {"request_id", options.request_id}});
    } else {
      path = LoadPath{.isolate = true, .direct_upsert = false};
      log(LogLevel::info, "reading the object again to isolate the refused rows",
          {{"object", describe(object)}, {"request_id", options.request_id}});
    }
    stream = open_pinned(object, feed, options);
  }
}

std::unique_ptr<ByteSource> Ingestor::open_pinned(ObjectRef& object, const FeedConfig& feed,
                                                  const IngestOptions& options) {
  std::unique_ptr<ByteSource> raw = m_source.open(object, options.cancel);
  // The version actually read is the version recorded (a CLI load names no version of its own), and a
  // second read of the same load is pinned to it.
  const auto& info = raw->info();
  if (!object.version_id && info.version_id && !info.version_id->empty() && *info.version_id != "null")
    object.version_id = info.version_id;
  if (!object.etag && info.etag) object.etag = info.etag;
  if (!object.size && info.content_length) object.size = info.content_length;
  return decode_object(std::move(raw), feed);
}

Ingestor::Retry Ingestor::load_in_transaction(const FeedConfig& feed, const TableInfo& table,
                                              ByteSource& stream, LoadPath path, const IngestOptions& options,
                                              Outcome& outcome, std::optional<PendingCommit>& pending) {
  const bool isolate = path.isolate;
  ObjectRef& object = *outcome.object;
  pg::Connection& connection = m_database.connection();
  const pg::AttemptInfo attempt{feed.name, feed.table, options.request_id, epoch_seconds()};
  // Declared first, so the sinks and the target below are gone before it rolls back on unwinding.
  pg::Transaction transaction(connection);
  // Timestamps without an offset are UTC for timestamptz columns, whatever the server's default
  // (the converters assume it; docs/formats.md).
  connection.exec("SET LOCAL TimeZone = 'UTC'");
  limit_waits(connection, options, m_database.statement_timeout());
  connection.exec("SET LOCAL lock_timeout = " + std::to_string(pg::CLAIM_LOCK_TIMEOUT.count()));
  const auto claim = pg::claim(connection, object, attempt);
  connection.exec("SET LOCAL lock_timeout TO DEFAULT");
  if (claim.claim != pg::Claim::claimed) {
    transaction.rollback();
    set_status(outcome,
               claim.claim == pg::Claim::duplicate ? OutcomeStatus::duplicate : OutcomeStatus::superseded,
               claim.detail);
    return Retry::none;
  }
  outcome.ingestion_id = claim.ingestion_id;

  ConnectionCopySink connection_sink(connection);
  // The fast path sends on its own thread; isolation batches are small and interleave with savepoints.
  PipelinedCopySink pipelined_sink(connection_sink);
  CopySink& sink = isolate ? static_cast<CopySink&>(connection_sink) : pipelined_sink;
  const auto target =
      make_load_target(connection, feed, table, object, claim.ingestion_id, path.direct_upsert && !isolate);
  const FileLoadRequest request{.feed = feed,
                                .table = table,
                                .target = *target,
                                .sink = sink,
                                .cancel = options.cancel,
                                .what = describe(object),
                                .isolate = isolate};
  FileLoadResult result = load_file(stream, request);
  outcome.bytes_read = stream.bytes_received();
  if (result.needs_isolation || result.needs_staging) {
    transaction.rollback();
    return result.needs_staging ? Retry::staged : Retry::isolated;
  }
  outcome.rows_rejected = result.rows_rejected;
  outcome.line = result.first_error_line;
  if (result.rejection) {
    transaction.rollback();
    fail(outcome, *result.rejection, options, result.rejected_rows);
    return Retry::none;
  }
  if (!result.rejected_rows.empty())
    pg::add_rejected_rows(connection, claim.ingestion_id, result.rejected_rows);
  pg::finish_loaded(connection, claim.ingestion_id, result.rows_loaded, result.rows_rejected);
  pending = PendingCommit{result.rows_loaded, target->summary()};
  try {
    transaction.commit();
  } catch (const pg::CommitError& error) {
    if (error.outcome() == pg::CommitOutcome::unknown) throw;  // load() resolves it on a new connection
    pending.reset();
    const std::string& sqlstate = error.fields().sqlstate;
    if (sqlstate.size() == 5 && sqlstate.compare(0, 2, "23") == 0) {
      // A deferred constraint checked at COMMIT: the file as a whole breaks it, and says nothing about
      // which row did. Permanent: the same file breaks it again.
      outcome.rows_rejected = 0;
      outcome.line.reset();
      fail(outcome,
           permanent_error(
               "constraint_at_commit",
               "the load broke a constraint checked at COMMIT (SQLSTATE " + sqlstate +
                   "): " + error.fields().primary +
                   (error.fields().detail.empty() ? std::string() : " (" + error.fields().detail + ")")),
           options);
      return Retry::none;
    }
    throw;  // 40001 and the like: transient, retried by ingest()
  }
  pending.reset();
  outcome.rows_loaded = result.rows_loaded;
  set_status(outcome, OutcomeStatus::loaded, target->summary());
  return Retry::none;
}

void Ingestor::resolve_unknown_commit(const pg::CommitError& error, const PendingCommit& pending,
                                      const IngestOptions& options, Outcome& outcome) {
  // The old connection is broken and everything that used it is gone: drop it, read the ledger on a
  // new one. Never load blindly: the COMMIT may have reached the server.
  m_database.discard();
  const ObjectRef& object = *outcome.object;
  std::optional<std::string> status;
  try {
    status = pg::version_status(m_database.connection(), object);
  } catch (const pg::DatabaseError& read_error) {
    m_database.discard();
    throw pg::DatabaseError(transient_error("commit_outcome_unknown",
                                            "the connection broke during COMMIT (" + error.error().message +
                                                ") and the ledger could not be read to learn its outcome: " +
                                                read_error.error().message),
                            read_error.fields());
  }
  if (status != "loaded") throw pg::DatabaseError(error.error(), error.fields());
  log(LogLevel::warn, "commit outcome was unknown; the ledger shows it committed",
      {{"object", describe(object)}, {"request_id", options.request_id}});
  outcome.rows_loaded = pending.rows_loaded;
  set_status(outcome, OutcomeStatus::loaded, pending.summary);
}

void Ingestor::fail(Outcome& outcome, const Error& error, const IngestOptions& options,
                    const std::vector<pg::RejectedRow>& rows) {
  outcome.status = error.is_transient() ? OutcomeStatus::failed : OutcomeStatus::rejected;
  outcome.error = error;
  if (!outcome.object) return;
  const pg::AttemptInfo attempt{outcome.feed, outcome.table, options.request_id, epoch_seconds()};
  try {
    const auto id = pg::record_failure(m_database.connection(), *outcome.object, attempt, error,
                                       outcome.rows_rejected, rows);
    if (id) outcome.ingestion_id = *id;
  } catch (const Failure& record_error) {
    // The database itself is failing: the outcome stays as it is (a transient one is retried anyway;
    // a permanent one becomes transient, because an unrecorded rejection would be lost).
    m_database.discard();
    log(LogLevel::error, "could not record the outcome in the ledger",
        {{"object", describe(*outcome.object)},
         {"error_code", record_error.error().code},
         {"error_message", record_error.error().message},
         {"request_id", options.request_id}});
    if (!error.is_transient()) {
      outcome.status = OutcomeStatus::failed;
      outcome.error =
          transient_error(record_error.error().code,
                          error.message + "; and recording it failed: " + record_error.error().message);
    }
  }
}

void log_outcome(const Outcome& outcome, const std::string& request_id) {
  nlohmann::json fields = to_json(outcome);
  if (!request_id.empty()) fields["request_id"] = request_id;
  const auto level = outcome.status == OutcomeStatus::failed     ? LogLevel::error
                     : outcome.status == OutcomeStatus::rejected ? LogLevel::warn
                                                                 : LogLevel::info;
  log(level, std::string(outcome.object ? "object " : "event item ") + std::string(to_string(outcome.status)),
      fields);
}

}  // namespace s3load
