// s3load schema: a feed's contract as a vendor needs it (columns, types, accepted values, file format).
#include <unistd.h>

#include "cli/app.h"
#include "cli/command.h"
#include "ops/feed_names.h"
#include "ops/terminal.h"
#include "ops/vendor_contract.h"
#include "pg/table_info.h"

namespace s3load::cli {

namespace {

struct SchemaArgs {
  std::string feed;
  std::string format = "text";
};

int run_schema(const SchemaArgs& args) {
  if (args.format != "text" && args.format != "markdown") {
    std::fprintf(stderr, "s3load: --format \"%s\" is not known; use text or markdown\n", args.format.c_str());
    return EXIT_REJECTED;
  }
  auto config = load_config_or_report();
  if (!config) return EXIT_REJECTED;
  const FeedConfig* feed = find_feed(*config, args.feed);
  if (!feed) {
    std::fprintf(stderr, "s3load: %s\n", ops::unknown_feed_message(*config, args.feed).c_str());
    return EXIT_REJECTED;
  }
  auto database = make_database_session();
  TableInfo table;
  try {
    const auto [schema, name] = split_table_name(feed->table);
    table = pg::read_table_info(database->connection(), schema, name);
  } catch (const Failure& failure) {
    std::fprintf(stderr, "s3load: %s\n", failure.error().message.c_str());
    return failure.error().is_transient() ? EXIT_TRANSIENT : EXIT_REJECTED;
  }
  const auto contract = ops::build_vendor_contract(*feed, table);
  const std::string text = args.format == "markdown"
                               ? ops::render_contract_markdown(contract)
                               : ops::render_contract_text(contract, ops::terminal_width(STDOUT_FILENO, 0));
  std::fwrite(text.data(), 1, text.size(), stdout);
  return EXIT_OK;
}

const CommandRegistration REGISTRATION(60, [](CLI::App& app) -> std::function<int()> {
  auto args = std::make_shared<SchemaArgs>();
  auto* command =
      app.add_subcommand("schema", "Print a feed's contract for the vendor: columns, types, accepted values");
  command->add_option("--feed", args->feed, "the feed (its name in the config)")->required();
  command->add_option("--format", args->format, "text (default) or markdown");
  command->footer(
      "Reads the target table from the database (the contract is the table itself) and the feed from the "
      "config:\n"
      "expected header names (with the [feed.columns] renames), PostgreSQL types, which columns are "
      "required\n"
      "(NOT NULL without a default), the values each type accepts, delimiter, quote, encoding, header, "
      "NULL.\n"
      "Exit codes: 0 printed, 2 unknown feed or missing table, 1 the database could not be reached.\n"
      "Examples:\n"
      "  s3load schema --feed acme-orders\n"
      "  s3load schema --feed acme-orders --format markdown > acme-orders-contract.md");
  return [command, args] { return command->parsed() ? run_schema(*args) : -1; };
});

}  // namespace

}  // namespace s3load::cli
