// s3load: the command line and the Lambda custom runtime entry point. Commands live in their own files
// (src/cli/*_command.cpp) and register themselves.
#include <cstdlib>

#include "cli/command.h"
#include "core/log.h"
#include "s3/s3_client.h"

int main(int argc, char** argv) {
  s3load::initialize_http();
  s3load::configure_logging_from_environment();
  // Inside Lambda the runtime starts `bootstrap` without arguments: run the runtime loop.
  if (argc == 1 && std::getenv("AWS_LAMBDA_RUNTIME_API")) {
    static char lambda[] = "lambda";
    static char* lambda_argv[] = {argv[0], lambda, nullptr};
    return s3load::cli::run_cli(2, lambda_argv);
  }
  return s3load::cli::run_cli(argc, argv);
}
