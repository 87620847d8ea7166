// The runtime loop against a scripted Runtime API: which answer each result becomes, what ends the loop,
// and what it survives.
#include <gtest/gtest.h>

#include <cstdlib>
#include <deque>
#include <stdexcept>

#include "lambda/curl_runtime_api.h"
#include "lambda/runtime_loop.h"

namespace s3load::lambda {
namespace {

struct Post {
  std::string kind;  // response | error | init_error
  std::string request_id;
  std::string body;
  FunctionError error;
};

class ScriptedApi : public RuntimeApi {
 public:
  std::deque<Result<Invocation>> invocations;
  std::deque<PostStatus> response_statuses;  // for post_response; accepted when empty
  std::vector<Post> posts;

  Result<Invocation> next() override {
    if (invocations.empty()) return transient_error("runtime_api_unreachable", "no more invocations");
    auto invocation = std::move(invocations.front());
    invocations.pop_front();
    return invocation;
  }
  PostResult post_response(const std::string& request_id, const std::string& body) override {
    posts.push_back({"response", request_id, body, {}});
    PostStatus status = PostStatus::accepted;
    if (!response_statuses.empty()) {
      status = response_statuses.front();
      response_statuses.pop_front();
    }
    return {status, 0, ""};
  }
  PostResult post_error(const std::string& request_id, const FunctionError& error) override {
    posts.push_back({"error", request_id, "", error});
    return {PostStatus::accepted, 202, ""};
  }
  PostResult post_init_error(const FunctionError& error) override {
    posts.push_back({"init_error", "", "", error});
    return {PostStatus::accepted, 202, ""};
  }
};

class ScriptedFunction : public Function {
 public:
  std::function<InvocationResult(const Invocation&)> behaviour;
  std::vector<std::string> seen_trace_ids;

  InvocationResult invoke(const Invocation& invocation) override {
    const char* trace = std::getenv("_X_AMZN_TRACE_ID");
    seen_trace_ids.push_back(trace ? trace : "(unset)");
    return behaviour(invocation);
  }
};

Invocation invocation(const std::string& id, const std::string& trace = "") {
  return Invocation{
      .request_id = id, .deadline_ms = 0, .function_arn = "arn", .trace_id = trace, .payload = "{}"};
}

LoopOptions no_sleep(std::vector<std::chrono::milliseconds>* delays = nullptr) {
  LoopOptions options;
  options.sleep = [delays](std::chrono::milliseconds delay) {
    if (delays) delays->push_back(delay);
  };
  return options;
}

TEST(LambdaRuntimeLoop, ResponsesAndErrorsGoWhereTheResultSays) {
  ScriptedApi api;
  api.invocations.push_back(invocation("a", "Root=1-a"));
  api.invocations.push_back(invocation("b"));
  ScriptedFunction function;
  function.behaviour = [](const Invocation& call) {
    if (call.request_id == "a") return InvocationResult{.body = R"({"loaded":1})"};
    return InvocationResult{.is_error = true, .error = {"S3Load.TransientFailure", "retry me"}};
  };
  EXPECT_EQ(run_loop(api, function, no_sleep()), 1);  // ends when next() keeps failing
  ASSERT_EQ(api.posts.size(), 2u);
  EXPECT_EQ(api.posts[0].kind, "response");
  EXPECT_EQ(api.posts[0].request_id, "a");
  EXPECT_EQ(api.posts[0].body, R"({"loaded":1})");
  EXPECT_EQ(api.posts[1].kind, "error");
  EXPECT_EQ(api.posts[1].request_id, "b");
  EXPECT_EQ(api.posts[1].error.type, "S3Load.TransientFailure");
  EXPECT_EQ(api.posts[1].error.message, "retry me");
  // _X_AMZN_TRACE_ID follows each invocation, and is unset when one has none.
  EXPECT_EQ(function.seen_trace_ids, (std::vector<std::string>{"Root=1-a", "(unset)"}));
}

TEST(LambdaRuntimeLoop, AnExceptionFailsTheInvocationNotTheRuntime) {
  ScriptedApi api;
  api.invocations.push_back(invocation("a"));
  api.invocations.push_back(invocation("b"));
  ScriptedFunction function;
  function.behaviour = [](const Invocation& call) -> InvocationResult {
    if (call.request_id == "a") throw std::runtime_error("out of something");
    return {.body = "{}"};
  };
  run_loop(api, function, no_sleep());
  ASSERT_EQ(api.posts.size(), 2u);
  EXPECT_EQ(api.posts[0].kind, "error");
  EXPECT_EQ(api.posts[0].error.type, "S3Load.InternalError");
  EXPECT_EQ(api.posts[0].error.message, "out of something");
  EXPECT_EQ(api.posts[1].kind, "response");
}

TEST(LambdaRuntimeLoop, ATooLargeResponseIsSentCompactThenAsAnError) {
  ScriptedApi api;
  api.invocations.push_back(invocation("fits-compact"));
  api.invocations.push_back(invocation("never-fits"));
  api.response_statuses = {PostStatus::too_large, PostStatus::accepted, PostStatus::too_large,
                           PostStatus::too_large};
  ScriptedFunction function;
  function.behaviour = [](const Invocation&) {
    return InvocationResult{.body = "big", .compact_body = "small"};
  };
  run_loop(api, function, no_sleep());
  ASSERT_EQ(api.posts.size(), 5u);
  EXPECT_EQ(api.posts[0].body, "big");
  EXPECT_EQ(api.posts[1].body, "small");
  EXPECT_EQ(api.posts[2].body, "big");
  EXPECT_EQ(api.posts[3].body, "small");
  EXPECT_EQ(api.posts[4].kind, "error");
  EXPECT_EQ(api.posts[4].request_id, "never-fits");
  EXPECT_EQ(api.posts[4].error.type, "S3Load.ResponseTooLarge");
}

TEST(LambdaRuntimeLoop, AFatalPostEndsTheLoopAtOnce) {
  ScriptedApi api;
  api.invocations.push_back(invocation("a"));
  api.invocations.push_back(invocation("b"));
  api.response_statuses = {PostStatus::fatal};
  ScriptedFunction function;
  function.behaviour = [](const Invocation&) { return InvocationResult{.body = "{}"}; };
  EXPECT_EQ(run_loop(api, function, no_sleep()), 1);
  EXPECT_EQ(api.posts.size(), 1u);
  EXPECT_EQ(api.invocations.size(), 1u);  // "b" was never taken
}

TEST(LambdaRuntimeLoop, ARejectedPostIsLoggedAndTheLoopGoesOn) {
  ScriptedApi api;
  api.invocations.push_back(invocation("a"));
  api.invocations.push_back(invocation("b"));
  api.response_statuses = {PostStatus::rejected};
  ScriptedFunction function;
  function.behaviour = [](const Invocation&) { return InvocationResult{.body = "{}"}; };
  run_loop(api, function, no_sleep());
  ASSERT_EQ(api.posts.size(), 2u);
  EXPECT_EQ(api.posts[1].request_id, "b");
}

TEST(LambdaRuntimeLoop, NextIsRetriedWithBackoffThenTheRuntimeGivesUp) {
  ScriptedApi api;
  api.invocations.push_back(transient_error("runtime_api_unreachable", "refused"));
  api.invocations.push_back(invocation("a"));  // a success resets the count
  ScriptedFunction function;
  function.behaviour = [](const Invocation&) { return InvocationResult{.body = "{}"}; };
  std::vector<std::chrono::milliseconds> delays;
  EXPECT_EQ(run_loop(api, function, no_sleep(&delays)), 1);
  EXPECT_EQ(api.posts.size(), 1u);
  using std::chrono::milliseconds;
  EXPECT_EQ(delays, (std::vector<milliseconds>{milliseconds(50), milliseconds(50), milliseconds(100),
                                               milliseconds(200), milliseconds(400)}));
}

TEST(LambdaRuntimeApi, PostStatusesFollowTheApi) {
  EXPECT_EQ(post_status_for(202), PostStatus::accepted);
  EXPECT_EQ(post_status_for(413), PostStatus::too_large);
  EXPECT_EQ(post_status_for(400), PostStatus::rejected);
  EXPECT_EQ(post_status_for(403), PostStatus::rejected);
  EXPECT_EQ(post_status_for(500), PostStatus::fatal);
  EXPECT_EQ(post_status_for(502), PostStatus::fatal);
}

TEST(LambdaRuntimeApi, ErrorDocumentHasTheThreeFields) {
  EXPECT_EQ(error_document({"S3Load.InitError", "bad \"config\""}),
            R"({"errorMessage":"bad \"config\"","errorType":"S3Load.InitError","stackTrace":[]})");
}

}  // namespace
}  // namespace s3load::lambda
