#include "observability/metrics.h"

#include <chrono>

#include "core/log.h"

namespace s3load {

std::optional<nlohmann::json> metrics_document(const Outcome& outcome, std::int64_t timestamp_ms) {
  if (outcome.status == OutcomeStatus::ignored) return std::nullopt;
  struct Metric {
    const char* name;
    const char* unit;
    double value;
  };
  const auto count = [&](OutcomeStatus status) { return outcome.status == status ? 1.0 : 0.0; };
  const Metric metrics[] = {
      {"FilesLoaded", "Count", count(OutcomeStatus::loaded)},
      {"FilesRejected", "Count", count(OutcomeStatus::rejected)},
      {"FilesDuplicate", "Count", count(OutcomeStatus::duplicate) + count(OutcomeStatus::superseded)},
      {"FilesFailed", "Count", count(OutcomeStatus::failed)},
      {"RowsLoaded", "Count", static_cast<double>(outcome.rows_loaded)},
      {"RowsRejected", "Count", static_cast<double>(outcome.rows_rejected)},
      {"BytesRead", "Bytes", static_cast<double>(outcome.bytes_read)},
      {"LoadDurationMs", "Milliseconds", outcome.duration_ms},
  };
  nlohmann::json definitions = nlohmann::json::array();
  nlohmann::json document;
  for (const auto& metric : metrics) {
    definitions.push_back({{"Name", metric.name}, {"Unit", metric.unit}});
    document[metric.name] = metric.value;
  }
  document["Feed"] = outcome.feed.empty() ? "(none)" : outcome.feed;
  document["_aws"] = {
      {"Timestamp", timestamp_ms},
      {"CloudWatchMetrics",
       {{{"Namespace", METRICS_NAMESPACE}, {"Dimensions", {{"Feed"}}}, {"Metrics", definitions}}}}};
  // FilesFailed once more by error code (a closed set of snake_case codes: low cardinality), in a directive
  // of its own so no other metric gets the dimension. The [Feed] series above keeps the alarms' dimensions.
  if (outcome.status == OutcomeStatus::failed) {
    document["ErrorCode"] = outcome.error ? outcome.error->code : "unknown";
    nlohmann::json by_code = {{"Namespace", METRICS_NAMESPACE}};
    by_code["Dimensions"] = nlohmann::json::array({nlohmann::json::array({"Feed", "ErrorCode"})});
    by_code["Metrics"] = nlohmann::json::array({{{"Name", "FilesFailed"}, {"Unit", "Count"}}});
    document["_aws"]["CloudWatchMetrics"].push_back(std::move(by_code));
  }
  return document;
}

void emit_metrics(const Outcome& outcome) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  if (auto document = metrics_document(outcome, now))
    write_stdout_line(document->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace s3load
