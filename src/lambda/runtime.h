// `s3load lambda`: the custom runtime's entry point.
//
// Init (before the first GET /next): read and validate the feeds config, the S3 settings, the database
// settings and the Lambda settings. Any problem is posted to /runtime/init/error naming it, and the
// process exits 1 (Lambda reports the init failure and tries a fresh environment on the next event).
// No database connection is made at init: cold start stays a few milliseconds, and a database outage
// during init does not fail the environment; the first invocation connects, later ones reuse it.
#pragma once

#include <string>

namespace s3load::lambda {

struct RuntimeOptions {
  std::string config_path;  // S3LOAD_CONFIG, else $LAMBDA_TASK_ROOT/s3load.toml
};

// Returns the process exit code; returns only when the runtime must stop.
int run_runtime(const RuntimeOptions& options);

}  // namespace s3load::lambda
