#include "pipeline/handler.h"

#include <set>

#include "core/log.h"
#include "events/event_parser.h"
#include "s3/s3_settings.h"

namespace s3load {

nlohmann::json HandlerResult::error_document() const {
  return {
      {"errorMessage", error_message}, {"errorType", error_type}, {"stackTrace", nlohmann::json::array()}};
}

EventParseOptions event_parse_options_from_environment() {
  return EventParseOptions{.endpoint_override = process_environment("AWS_ENDPOINT_URL_S3").has_value() ||
                                                process_environment("AWS_ENDPOINT_URL").has_value()};
}

HandlerResult handle_event(std::string_view event_json, Ingestor& ingestor, const IngestOptions& options,
                           const std::function<void(const Outcome&)>& on_outcome) {
  HandlerResult result;
  const ParsedEvent event = parse_event(event_json, event_parse_options_from_environment());
  std::set<std::string> failed_messages;

  for (const auto& item : event.items) {
    Outcome outcome;
    if (const auto* object = std::get_if<ObjectRef>(&item.content)) {
      outcome = ingestor.ingest(*object, options);
    } else if (const auto* ignored = std::get_if<Ignored>(&item.content)) {
      outcome.status = OutcomeStatus::ignored;
      outcome.detail = ignored->reason;
    } else {
      // A bad event item names nothing we could record in the ledger: it is logged and acknowledged,
      // because redelivering the same bytes cannot make them valid.
      outcome.status = OutcomeStatus::rejected;
      outcome.error = std::get<Error>(item.content);
    }
    outcome.path = item.path;
    log_outcome(outcome, options.request_id);
    if (outcome.is_transient() && item.message_id) failed_messages.insert(*item.message_id);
    if (on_outcome) on_outcome(outcome);
    result.outcomes.push_back(std::move(outcome));
  }

  if (event.is_sqs_batch) {
    nlohmann::json failures = nlohmann::json::array();
    // In batch order, each message once.
    for (const auto& id : event.message_ids) {
      if (failed_messages.count(id)) failures.push_back({{"itemIdentifier", id}});
    }
    result.response = {{"batchItemFailures", failures}};
    return result;
  }

  nlohmann::json summary = {{"loaded", 0},   {"duplicate", 0}, {"superseded", 0},
                            {"rejected", 0}, {"failed", 0},    {"ignored", 0}};
  nlohmann::json entries = nlohmann::json::array();
  std::vector<std::string> failures;
  for (const auto& outcome : result.outcomes) {
    summary[std::string(to_string(outcome.status))] =
        summary[std::string(to_string(outcome.status))].get<int>() + 1;
    entries.push_back(to_json(outcome));
    if (outcome.is_transient()) {
      failures.push_back((outcome.object ? describe(*outcome.object) : outcome.path) + ": " +
                         (outcome.error ? outcome.error->message : "failed"));
    }
  }
  summary["outcomes"] = std::move(entries);
  result.response = std::move(summary);
  if (!failures.empty()) {
    result.raised = true;
    result.error_type = "S3Load.TransientFailure";
    result.error_message = std::to_string(failures.size()) + " of " + std::to_string(result.outcomes.size()) +
                           " object" + (result.outcomes.size() == 1 ? "" : "s") +
                           " failed transiently and will be retried: " + failures.front();
  }
  return result;
}

}  // namespace s3load
