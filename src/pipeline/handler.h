// The function handler: one event in, one outcome per item, one response out. Shared by the Lambda
// runtime loop, `s3load invoke` and `s3load serve`.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "events/event_parser.h"
#include "pipeline/ingestor.h"
#include "pipeline/outcome.h"

namespace s3load {

struct HandlerResult {
  std::vector<Outcome> outcomes;
  // For SQS batches: {"batchItemFailures":[…]} (always returned, never raised, so that only the failed
  // messages come back). Otherwise a summary with one entry per outcome.
  nlohmann::json response;
  // True when a non-SQS event had a transient failure: the invocation must fail so Lambda retries it
  // (loads are idempotent, so the items that did load are duplicates next time).
  bool raised = false;
  std::string error_type;
  std::string error_message;

  // The Lambda error document {"errorMessage","errorType","stackTrace":[]}.
  nlohmann::json error_document() const;
};

// What the event parser must know about this process: whether an S3 endpoint override is set
// (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, as the S3 client reads them).
EventParseOptions event_parse_options_from_environment();

// Never throws for anything the event contains. `on_outcome` (optional) sees each outcome as soon as
// it is known, so callers can stream one JSON line per object.
HandlerResult handle_event(std::string_view event_json, Ingestor& ingestor, const IngestOptions& options,
                           const std::function<void(const Outcome&)>& on_outcome = {});

}  // namespace s3load
