#include "lambda/runtime_loop.h"

#include <cstdlib>
#include <exception>
#include <thread>

#include "core/log.h"

namespace s3load::lambda {

namespace {

constexpr int EXIT_RUNTIME_FAILURE = 1;

void set_trace_id(const std::string& trace_id) {
  if (trace_id.empty())
    unsetenv("_X_AMZN_TRACE_ID");
  else
    setenv("_X_AMZN_TRACE_ID", trace_id.c_str(), 1);
}

InvocationResult invoke_guarded(Function& function, const Invocation& invocation) {
  // The handler returns every expected failure as a value; anything thrown here is a bug or resource
  // exhaustion. It fails this invocation (Lambda retries it) but not the runtime.
  try {
    return function.invoke(invocation);
  } catch (const std::exception& error) {
    log(LogLevel::error, "invocation failed with an internal error",
        {{"request_id", invocation.request_id}, {"error_message", error.what()}});
    return {.is_error = true, .error = {"S3Load.InternalError", error.what()}};
  } catch (...) {
    log(LogLevel::error, "invocation failed with an internal error", {{"request_id", invocation.request_id}});
    return {.is_error = true, .error = {"S3Load.InternalError", "unknown exception"}};
  }
}

// Posts the result; returns the status of the last post made.
PostResult answer(RuntimeApi& api, const Invocation& invocation, const InvocationResult& result) {
  if (result.is_error) return api.post_error(invocation.request_id, result.error);
  PostResult posted = api.post_response(invocation.request_id, result.body);
  if (posted.status == PostStatus::too_large && !result.compact_body.empty()) {
    log(LogLevel::warn, "response too large; sending the summary without per-object entries",
        {{"request_id", invocation.request_id}, {"bytes", result.body.size()}});
    posted = api.post_response(invocation.request_id, result.compact_body);
  }
  if (posted.status == PostStatus::too_large) {
    log(LogLevel::error, "response too large even without per-object entries; reporting an error",
        {{"request_id", invocation.request_id}});
    posted = api.post_error(invocation.request_id,
                            {"S3Load.ResponseTooLarge",
                             "the response exceeds Lambda's payload limit; the outcomes are in the log"});
  }
  return posted;
}

}  // namespace

int run_loop(RuntimeApi& api, Function& function, const LoopOptions& options) {
  const auto sleep = options.sleep ? options.sleep : [](std::chrono::milliseconds delay) {
    std::this_thread::sleep_for(delay);
  };
  int failures = 0;
  for (;;) {
    auto invocation = api.next();
    if (!invocation) {
      ++failures;
      log(LogLevel::error, "cannot get the next invocation",
          {{"error_code", invocation.error().code},
           {"error_message", invocation.error().message},
           {"attempt", failures}});
      if (failures >= options.max_next_failures) return EXIT_RUNTIME_FAILURE;
      sleep(options.next_retry_delay * (1 << (failures - 1)));
      continue;
    }
    failures = 0;
    set_trace_id(invocation->trace_id);
    const InvocationResult result = invoke_guarded(function, *invocation);
    const PostResult posted = answer(api, *invocation, result);
    switch (posted.status) {
      case PostStatus::accepted:
        break;
      case PostStatus::fatal:
        log(LogLevel::error, "the Runtime API asks the runtime to exit",
            {{"request_id", invocation->request_id}, {"detail", posted.detail}});
        return EXIT_RUNTIME_FAILURE;
      case PostStatus::too_large:
      case PostStatus::rejected:
        // The invocation is unknown or already answered (or our error document was refused): nothing
        // more can be said about it; the loop goes on with the next one.
        log(LogLevel::error, "the Runtime API refused the answer",
            {{"request_id", invocation->request_id}, {"detail", posted.detail}});
        break;
    }
  }
}

}  // namespace s3load::lambda
