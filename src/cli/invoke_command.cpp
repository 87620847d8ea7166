#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/app.h"
#include "cli/command.h"
#include "core/log.h"
#include "pipeline/handler.h"

namespace s3load::cli {

namespace {

constexpr std::size_t MAX_EVENT_BYTES = 8u << 20;

std::optional<std::string> read_event(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) return std::nullopt;
    text << file.rdbuf();
  }
  std::string event = text.str();
  if (event.size() > MAX_EVENT_BYTES)
    event.resize(MAX_EVENT_BYTES + 1);  // the parser reports it as too large
  return event;
}

struct InvokeArgs {
  std::string event_path;  // "-" for stdin
};

int run_invoke(const InvokeArgs& args) {
  auto config = load_config_or_report();
  if (!config) return EXIT_TRANSIENT;  // as Lambda would: an init error is retried
  install_interrupt_handlers();
  const auto event = read_event(args.event_path);
  if (!event) {
    std::fprintf(stderr, "s3load: cannot read event file %s\n", args.event_path.c_str());
    return EXIT_TRANSIENT;
  }
  auto s3 = make_s3_client_or_report();
  if (!s3) return EXIT_TRANSIENT;
  auto database = make_database_session();
  Ingestor ingestor(*config, *s3, *database);
  IngestOptions options;
  options.request_id = new_request_id("invoke");
  options.cancel = &g_interrupted;

  const HandlerResult result = handle_event(*event, ingestor, options, print_outcome);
  const auto& last = result.raised ? result.error_document() : result.response;
  write_stdout_line(last.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return result.raised ? EXIT_TRANSIENT : EXIT_OK;
}

const CommandRegistration REGISTRATION(20, [](CLI::App& app) -> std::function<int()> {
  auto args = std::make_shared<InvokeArgs>();
  auto* command = app.add_subcommand("invoke", "Run the Lambda handler on one event JSON");
  command->add_option("--event", args->event_path, "event JSON file, or - for stdin")->required();
  command->footer(
      "Accepts every event shape the Lambda function accepts: S3 notifications, s3:TestEvent, EventBridge,\n"
      "SQS (with S3 or SNS bodies) and SNS. Prints one JSON line per object outcome, then the handler's\n"
      "response as the last line.\n"
      "Exit codes: 0 the handler returned, 1 it raised (Lambda would retry).\n"
      "Examples:\n"
      "  s3load invoke --event tests/fixtures/events/s3_put_single.json\n"
      "  s3load invoke --event - < captured-event.json");
  return [command, args] { return command->parsed() ? run_invoke(*args) : -1; };
});

}  // namespace

}  // namespace s3load::cli
