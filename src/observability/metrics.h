// CloudWatch Embedded Metric Format: one JSON document per object outcome, which CloudWatch Logs turns
// into metrics with no API call. Dimension: Feed (low cardinality; never the key); FilesFailed also by
// Feed and ErrorCode.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "pipeline/outcome.h"

namespace s3load {

inline constexpr const char* METRICS_NAMESPACE = "s3load";

// {"_aws":{"Timestamp":…,"CloudWatchMetrics":[{"Namespace":"s3load","Dimensions":[["Feed"]],"Metrics":[…]}]},
//  "Feed":"…","FilesLoaded":1,…}. Outcomes without a feed (no feed matched, a bad event) count under
// Feed "(none)"; ignored items produce no document. A failed outcome also carries "ErrorCode" and a second
// directive, {"Dimensions":[["Feed","ErrorCode"]],"Metrics":[FilesFailed]}: failures by code (access_denied,
// expired_credentials, db_unreachable…) without giving every other metric that dimension.
std::optional<nlohmann::json> metrics_document(const Outcome& outcome, std::int64_t timestamp_ms);

// Writes the document as one stdout line (CloudWatch Logs reads EMF from the function's output).
void emit_metrics(const Outcome& outcome);

}  // namespace s3load
