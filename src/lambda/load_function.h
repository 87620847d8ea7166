// The function s3load runs inside Lambda: one invocation = one event through the shared handler
// (src/pipeline/handler.h), under a deadline watch, with one EMF metrics document per outcome and one
// log line per invocation. Holds nothing per invocation: the config, the S3 client and the database
// session live as long as the process, so the connection is reused by the next invocation.
#pragma once

#include <optional>

#include "feeds/feed_config.h"
#include "lambda/deadline.h"
#include "lambda/runtime_loop.h"
#include "lambda/secrets.h"
#include "pg/database_session.h"
#include "source/object_source.h"

namespace s3load::lambda {

struct FunctionContext {
  const Config& config;
  ObjectSource& source;
  pg::DatabaseSession& database;
  SecretConninfo* credentials = nullptr;  // when the credentials come from a secret
  std::optional<Milliseconds> deadline_margin;
};

class LoadFunction : public Function {
 public:
  explicit LoadFunction(FunctionContext context) : m_context(context) {}
  InvocationResult invoke(const Invocation& invocation) override;

 private:
  FunctionContext m_context;
};

}  // namespace s3load::lambda
