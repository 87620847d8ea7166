// The custom-runtime loop: next invocation → function → response or error, for ever. Knows nothing of
// S3 or PostgreSQL: the function is an interface, and so is the Runtime API, so every branch here is
// unit-tested (tests/unit/lambda_runtime_loop_test.cpp).
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "lambda/runtime_api.h"

namespace s3load::lambda {

struct InvocationResult {
  bool is_error = false;  // report through /error (Lambda retries the event)
  std::string body;       // the response JSON, when !is_error
  FunctionError error;    // when is_error
  // A smaller response to send instead when the Runtime API refuses `body` as too large (413); empty
  // when there is none.
  std::string compact_body;
};

class Function {
 public:
  virtual ~Function() = default;
  // May throw: the loop reports an exception as an S3Load.InternalError through /error.
  virtual InvocationResult invoke(const Invocation& invocation) = 0;
};

struct LoopOptions {
  // Consecutive failures of GET /next tolerated (with backoff) before the runtime gives up and exits;
  // Lambda then starts a fresh execution environment.
  int max_next_failures = 5;
  std::chrono::milliseconds next_retry_delay{50};        // doubles after each failure
  std::function<void(std::chrono::milliseconds)> sleep;  // defaults to std::this_thread::sleep_for
};

// Runs until the Runtime API reports a fatal error (500 on a post, or unreachable), then returns the
// process exit code (1). Sets _X_AMZN_TRACE_ID for each invocation (unset when the invocation has none),
// as the X-Ray SDKs expect.
int run_loop(RuntimeApi& api, Function& function, const LoopOptions& options = {});

}  // namespace s3load::lambda
