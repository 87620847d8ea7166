// What happened to one object (or one event item that named no object).
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "events/object_ref.h"

namespace s3load {

enum class OutcomeStatus {
  loaded,      // rows committed with the ledger row
  duplicate,   // this version was already loaded: nothing written
  superseded,  // a newer version exists or is loaded: nothing written, the newer event loads it
  rejected,    // permanent problem (bad file, bad event, no feed, missing object): recorded, not retried
  failed,      // transient problem: retry (Lambda retries, SQS redelivers, the CLI exits 1)
  ignored,     // the event item names nothing to load (test event, ObjectRemoved)
};

std::string_view to_string(OutcomeStatus status);

struct Outcome {
  OutcomeStatus status = OutcomeStatus::ignored;
  std::optional<ObjectRef> object;
  std::string path;  // event item path, when the outcome comes from an event
  std::string feed;
  std::string table;
  std::int64_t ingestion_id = 0;
  std::int64_t rows_loaded = 0;
  std::int64_t rows_rejected = 0;
  std::uint64_t bytes_read = 0;
  double duration_ms = 0;
  std::optional<Error> error;
  std::optional<std::uint64_t> line;  // first offending line, for rejected files
  std::string detail;                 // for duplicate/superseded/ignored: why

  bool is_transient() const { return status == OutcomeStatus::failed; }
};

// One JSON object per outcome: the line every command prints on stdout.
nlohmann::json to_json(const Outcome& outcome);

}  // namespace s3load
