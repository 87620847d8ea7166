// How a command that handled several objects ends. The values are the exit codes of DESIGN §3
// (0 all loaded or already loaded, 2 something rejected, 1 something transient): the CLI returns them.
#pragma once

#include "pipeline/outcome.h"

namespace s3load::ops {

enum class RunVerdict : int { ok = 0, transient = 1, rejected = 2 };

inline RunVerdict verdict_of(OutcomeStatus status) {
  if (status == OutcomeStatus::failed) return RunVerdict::transient;
  if (status == OutcomeStatus::rejected) return RunVerdict::rejected;
  return RunVerdict::ok;
}

// A transient failure outweighs a rejection (the run should be retried), which outweighs success.
inline RunVerdict worse(RunVerdict a, RunVerdict b) {
  const auto rank = [](RunVerdict verdict) {
    return verdict == RunVerdict::transient ? 2 : verdict == RunVerdict::rejected ? 1 : 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace s3load::ops
