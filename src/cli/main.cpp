// s3load: the command line and the Lambda custom runtime entry point.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "core/log.h"
#include "s3/s3_client.h"

int main(int argc, char** argv) {
  s3load::initialize_http();
  s3load::configure_logging_from_environment();

  CLI::App app{"s3load: load vendor CSV files from S3 into PostgreSQL, exactly once."};
  app.require_subcommand(1);
  app.footer(
      "Environment: S3LOAD_CONFIG, S3LOAD_DATABASE_URL (or DATABASE_URL, or PG*), AWS_REGION,\n"
      "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_ENDPOINT_URL_S3, S3LOAD_LOG_LEVEL.\n"
      "Exit codes: 0 loaded or already loaded, 1 transient failure (retry), 2 rejected.");

  s3load::cli::IngestArgs ingest;
  auto* ingest_command = app.add_subcommand("ingest", "Load one object (s3://bucket/key) or local file");
  ingest_command->add_option("source", ingest.source, "s3://bucket/key or a local path")->required();
  ingest_command->add_option("--feed", ingest.feed, "use this feed instead of matching the key");
  ingest_command->add_option("--version-id", ingest.version_id, "load this S3 object version");
  ingest_command->footer(
      "Examples:\n"
      "  s3load ingest 's3://vendor-drop/acme/orders/2026-11-27.csv'\n"
      "  s3load ingest ./orders.csv --feed acme-orders");

  s3load::cli::InvokeArgs invoke;
  auto* invoke_command = app.add_subcommand("invoke", "Run the Lambda handler on one event JSON");
  invoke_command->add_option("--event", invoke.event_path, "event JSON file, or - for stdin")->required();
  invoke_command->footer(
      "Prints one JSON line per object outcome, then the handler's response.\n"
      "Exit 0 when the handler returned, 1 when it raised (Lambda would retry).\n"
      "Example:\n"
      "  s3load invoke --event tests/fixtures/events/s3_put_single.json");

  CLI11_PARSE(app, argc, argv);

  if (ingest_command->parsed()) return s3load::cli::run_ingest(ingest);
  if (invoke_command->parsed()) return s3load::cli::run_invoke(invoke);
  return 2;
}
