#include "lambda/load_function.h"

#include <chrono>
#include <memory>

#include "core/log.h"
#include "observability/metrics.h"
#include "pipeline/handler.h"

namespace s3load::lambda {

namespace {

std::int64_t epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

InvocationResult LoadFunction::invoke(const Invocation& invocation) {
  const auto start = std::chrono::steady_clock::now();
  pg::DatabaseSession& database = m_context.database;
  const bool connection_reused = database.connected();
  if (m_context.credentials) m_context.credentials->begin_invocation();

  CancelFlag cancel{false};
  std::unique_ptr<DeadlineWatch> watch;
  std::optional<std::chrono::steady_clock::time_point> abort_at;
  if (invocation.deadline_ms) {
    const auto until_abort = time_until_abort(*invocation.deadline_ms, epoch_ms(), m_context.deadline_margin);
    abort_at = start + until_abort;
    watch = std::make_unique<DeadlineWatch>(start + until_abort, cancel, [&database, &invocation] {
      log(LogLevel::warn, "the invocation deadline is near: cancelling the load in progress",
          {{"request_id", invocation.request_id}});
      database.cancel();
    });
  }

  Ingestor ingestor(m_context.config, m_context.source, database);
  IngestOptions options;
  options.request_id = invocation.request_id;
  options.cancel = &cancel;
  options.deadline = abort_at;  // statement_timeout: the server stops on its own too
  // In Lambda, stdout carries the EMF documents; the outcome itself is the handler's log line.
  const HandlerResult handled = handle_event(invocation.payload, ingestor, options,
                                             [](const Outcome& outcome) { emit_metrics(outcome); });
  const bool deadline_reached = watch && watch->fired();
  watch.reset();
  if (m_context.credentials && database.connected()) m_context.credentials->confirm();

  nlohmann::json counts = nlohmann::json::object();
  for (const char* status : {"loaded", "duplicate", "superseded", "rejected", "failed", "ignored"})
    counts[status] = 0;
  for (const auto& outcome : handled.outcomes) {
    auto& count = counts[std::string(to_string(outcome.status))];
    count = count.get<int>() + 1;
  }
  nlohmann::json fields = {
      {"request_id", invocation.request_id},
      {"items", handled.outcomes.size()},
      {"outcomes", counts},
      {"duration_ms",
       std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count()},
      {"result", handled.raised ? "error" : "response"},
      {"db_connection_reused", connection_reused},
  };
  if (deadline_reached) fields["deadline_reached"] = true;
  if (!invocation.trace_id.empty()) fields["trace_id"] = invocation.trace_id;
  log(handled.raised ? LogLevel::warn : LogLevel::info, "invocation finished", fields);

  InvocationResult result;
  if (handled.raised) {
    result.is_error = true;
    result.error = {handled.error_type, handled.error_message};
    return result;
  }
  result.body = dump(handled.response);
  if (handled.response.contains("outcomes")) {
    nlohmann::json compact = handled.response;
    compact["outcomes_omitted"] = compact["outcomes"].size();
    compact.erase("outcomes");
    result.compact_body = dump(compact);
  }
  return result;
}

}  // namespace s3load::lambda
