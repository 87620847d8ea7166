#include "pipeline/outcome.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace s3load {

std::string_view to_string(OutcomeStatus status) {
  switch (status) {
    case OutcomeStatus::loaded:
      return "loaded";
    case OutcomeStatus::duplicate:
      return "duplicate";
    case OutcomeStatus::superseded:
      return "superseded";
    case OutcomeStatus::rejected:
      return "rejected";
    case OutcomeStatus::failed:
      return "failed";
    case OutcomeStatus::ignored:
      return "ignored";
  }
  return "failed";
}

nlohmann::json to_json(const Outcome& outcome) {
  nlohmann::json json;
  json["status"] = to_string(outcome.status);
  if (outcome.object) {
    json["bucket"] = outcome.object->bucket;
    json["key"] = outcome.object->key;
    json["version_id"] =
        outcome.object->version_id ? nlohmann::json(*outcome.object->version_id) : nlohmann::json();
    if (outcome.object->etag) json["etag"] = *outcome.object->etag;
  }
  if (!outcome.path.empty()) json["path"] = outcome.path;
  if (!outcome.feed.empty()) json["feed"] = outcome.feed;
  if (!outcome.table.empty()) json["table"] = outcome.table;
  if (outcome.ingestion_id) json["ingestion_id"] = outcome.ingestion_id;
  if (outcome.object) {
    json["rows_loaded"] = outcome.rows_loaded;
    json["rows_rejected"] = outcome.rows_rejected;
    json["bytes_read"] = outcome.bytes_read;
    json["duration_ms"] = std::round(outcome.duration_ms * 10) / 10;
  }
  if (outcome.error) {
    json["error_class"] = to_string(outcome.error->error_class);
    json["error_code"] = outcome.error->code;
    json["error_message"] = outcome.error->message;
  }
  if (outcome.line) json["line"] = *outcome.line;
  if (!outcome.detail.empty()) json["detail"] = outcome.detail;
  return json;
}

}  // namespace s3load
