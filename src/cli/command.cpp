#include "cli/command.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace s3load::cli {

namespace {

std::vector<std::pair<int, CommandSetup>>& registry() {
  static std::vector<std::pair<int, CommandSetup>> commands;
  return commands;
}

}  // namespace

CommandRegistration::CommandRegistration(int order, CommandSetup setup) {
  registry().emplace_back(order, std::move(setup));
}

int run_cli(int argc, char** argv) {
  CLI::App app{"s3load: load vendor CSV files from S3 into PostgreSQL, exactly once."};
  app.require_subcommand(1);
  app.footer(
      "Environment: S3LOAD_CONFIG, S3LOAD_DATABASE_URL (or DATABASE_URL, or PG*), AWS_REGION,\n"
      "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_ENDPOINT_URL_S3, S3LOAD_LOG_LEVEL.\n"
      "Every command prints one JSON line per object outcome on stdout; logs go to stderr.\n"
      "Run 's3load COMMAND --help' for a command's options and examples.");
  auto& commands = registry();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::function<int()>> runners;
  for (auto& [order, setup] : commands)
    runners.push_back(setup(app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  for (const auto& runner : runners) {
    const int code = runner();
    if (code >= 0) return code;
  }
  return 2;
}

}  // namespace s3load::cli
