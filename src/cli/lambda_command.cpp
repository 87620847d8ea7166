// `s3load lambda`: the AWS Lambda custom-runtime loop (src/lambda/runtime.h). main.cpp also runs it when
// the process starts without arguments and AWS_LAMBDA_RUNTIME_API is set, which is how `bootstrap`
// starts it inside Lambda.
#include "cli/app.h"
#include "cli/command.h"
#include "lambda/runtime.h"

namespace s3load::cli {

namespace {

const CommandRegistration REGISTRATION(90, [](CLI::App& app) -> std::function<int()> {
  auto* command = app.add_subcommand("lambda", "Run the AWS Lambda custom-runtime loop (Runtime API)");
  command->footer(
      "Reads AWS_LAMBDA_RUNTIME_API, the feeds config (S3LOAD_CONFIG, else $LAMBDA_TASK_ROOT/s3load.toml),\n"
      "the AWS and database settings (S3LOAD_DATABASE_URL, or S3LOAD_DB_SECRET_ARN through the Parameters\n"
      "and Secrets extension) and S3LOAD_DEADLINE_MARGIN_MS, then answers invocations until Lambda stops\n"
      "the process. A bad setting is reported to /runtime/init/error and the process exits 1.\n"
      "See docs/lambda.md.");
  return [command] {
    return command->parsed() ? lambda::run_runtime({.config_path = config_path_from_environment()}) : -1;
  };
});

}  // namespace

}  // namespace s3load::cli
