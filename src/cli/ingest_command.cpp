#include "cli/app.h"
#include "cli/command.h"
#include "core/log.h"
#include "pipeline/ingestor.h"
#include "source/local_file_source.h"

namespace s3load::cli {

namespace {

struct IngestArgs {
  std::string source;  // s3://bucket/key or a local path
  std::optional<std::string> feed;
  std::optional<std::string> version_id;
};

int run_ingest(const IngestArgs& args) {
  auto config = load_config_or_report();
  if (!config) return EXIT_REJECTED;
  install_interrupt_handlers();

  std::unique_ptr<ObjectSource> source;
  ObjectRef object;
  if (auto url = parse_s3_url(args.source)) {
    if (url->key.empty()) {
      std::fprintf(stderr, "s3load: %s names a bucket, not an object; use s3load backfill for a prefix\n",
                   args.source.c_str());
      return EXIT_REJECTED;
    }
    if (!check_s3_url_bucket(*url, args.source)) return EXIT_REJECTED;
    auto s3 = make_s3_client_or_report();
    if (!s3) return EXIT_REJECTED;
    source = std::move(s3);
    object.bucket = url->bucket;
    object.key = url->key;
    object.version_id = args.version_id;
    object.event_name = "ObjectCreated:Cli";
    object.event_source = "cli";
  } else {
    source = std::make_unique<LocalFileSource>();
    try {
      object = local_object_ref(args.source);
    } catch (const Failure& failure) {
      std::fprintf(stderr, "s3load: %s\n", failure.error().message.c_str());
      return EXIT_REJECTED;
    }
  }

  auto database = make_database_session();
  Ingestor ingestor(*config, *source, *database);
  IngestOptions options;
  options.feed_name = args.feed;
  options.request_id = new_request_id("cli");
  options.cancel = &g_interrupted;
  const Outcome outcome = ingestor.ingest(object, options);
  log_outcome(outcome, options.request_id);
  print_outcome(outcome);
  return exit_code_for(outcome);
}

const CommandRegistration REGISTRATION(10, [](CLI::App& app) -> std::function<int()> {
  auto args = std::make_shared<IngestArgs>();
  auto* command = app.add_subcommand("ingest", "Load one object (s3://bucket/key) or local file");
  command->add_option("source", args->source, "s3://bucket/key or a local path")->required();
  command->add_option("--feed", args->feed, "use this feed instead of matching the key");
  command->add_option("--version-id", args->version_id, "load this S3 object version");
  command->footer(
      "A version already loaded is reported \"duplicate\" and nothing is written. Without --version-id the\n"
      "current version is loaded (and recorded with the version S3 answers with).\n"
      "Exit codes: 0 loaded or already loaded, 2 rejected, 1 transient failure (retry later).\n"
      "Why was it rejected: s3load status --id N. Load it again after a fix: s3load replay s3://bucket/key.\n"
      "Examples:\n"
      "  s3load ingest 's3://vendor-drop/acme/orders/2026-11-27.csv'\n"
      "  s3load ingest s3://vendor-drop/acme/orders/a.csv --version-id 3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY\n"
      "  s3load ingest ./orders.csv --feed acme-orders");
  return [command, args] { return command->parsed() ? run_ingest(*args) : -1; };
});

}  // namespace

}  // namespace s3load::cli
