// The Lambda Runtime API as the runtime loop sees it: take the next invocation, answer it, or report an
// initialisation error. An interface so the loop can be tested without a server; the real client is
// CurlRuntimeApi (curl_runtime_api.h).
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"

namespace s3load::lambda {

struct Invocation {
  std::string request_id;                   // Lambda-Runtime-Aws-Request-Id
  std::optional<std::int64_t> deadline_ms;  // Lambda-Runtime-Deadline-Ms: epoch milliseconds
  std::string function_arn;                 // Lambda-Runtime-Invoked-Function-Arn
  std::string trace_id;                     // Lambda-Runtime-Trace-Id (X-Ray), may be empty
  std::string payload;                      // the event JSON
};

// Becomes {"errorMessage","errorType","stackTrace":[]} and the Lambda-Runtime-Function-Error-Type header.
struct FunctionError {
  std::string type;
  std::string message;
};

enum class PostStatus {
  accepted,   // 202
  too_large,  // 413: the response exceeds Lambda's payload limit
  rejected,   // another 4xx: e.g. the invocation is unknown or was already answered
  fatal,      // 500, or the Runtime API cannot be reached: the runtime must exit
};

struct PostResult {
  PostStatus status = PostStatus::accepted;
  long http_status = 0;  // 0 when the request never got an answer
  std::string detail;    // for the log: the API's error or the transport failure
};

class RuntimeApi {
 public:
  virtual ~RuntimeApi() = default;
  // Blocks until Lambda hands over the next invocation. An error (transient) when the API could not be
  // reached or answered without a request id; the loop decides whether to try again.
  virtual Result<Invocation> next() = 0;
  virtual PostResult post_response(const std::string& request_id, const std::string& body) = 0;
  virtual PostResult post_error(const std::string& request_id, const FunctionError& error) = 0;
  virtual PostResult post_init_error(const FunctionError& error) = 0;
};

// The error document body for /error and /init/error.
std::string error_document(const FunctionError& error);

}  // namespace s3load::lambda
