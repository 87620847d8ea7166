// s3load check FILE --feed NAME: validate a file against the feed's contract (the target table's columns
// and types), load nothing, and say exactly what is wrong.
#include <cstdio>

#include "cli/app.h"
#include "cli/command.h"
#include "core/log.h"
#include "decode/decoding_source.h"
#include "pg/table_info.h"
#include "pipeline/copy_sink.h"
#include "pipeline/file_loader.h"
#include "pipeline/load_target.h"
#include "source/local_file_source.h"

namespace s3load::cli {

namespace {

struct CheckArgs {
  std::string source;
  std::string feed;
  std::size_t max_errors = 20;
};

void print_human(const CheckArgs& args, const FileLoadResult& result) {
  const bool valid = !result.rejection;
  std::fprintf(stderr, "%s: %s for feed \"%s\"\n", args.source.c_str(), valid ? "valid" : "INVALID",
               args.feed.c_str());
  std::fprintf(stderr, "  %llu data rows, %lld valid, %lld with errors; delimiter '%s', COPY format %s\n",
               static_cast<unsigned long long>(result.records), static_cast<long long>(result.rows_loaded),
               static_cast<long long>(result.rows_rejected),
               result.delimiter == '\t' ? "\\t" : std::string(1, result.delimiter).c_str(),
               result.copy_format.empty() ? "-" : result.copy_format.c_str());
  if (!valid && result.rejected_rows.empty())
    std::fprintf(stderr, "  %s\n", result.rejection->message.c_str());
  for (const auto& row : result.rejected_rows) {
    std::string where = row.line ? "line " + std::to_string(row.line) : "file";
    if (!row.column.empty()) where += ", column " + row.column;
    std::fprintf(stderr, "  %s: %s\n", where.c_str(), row.reason.c_str());
    if (!row.raw_line.empty()) std::fprintf(stderr, "      %s\n", row.raw_line.c_str());
  }
  if (result.rows_rejected > static_cast<std::int64_t>(result.rejected_rows.size()))
    std::fprintf(stderr, "  … and %lld more rows with errors\n",
                 static_cast<long long>(result.rows_rejected -
                                        static_cast<std::int64_t>(result.rejected_rows.size())));
}

nlohmann::json to_json(const CheckArgs& args, const FileLoadResult& result) {
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& row : result.rejected_rows) {
    errors.push_back(
        {{"line", row.line}, {"column", row.column}, {"reason", row.reason}, {"raw_line", row.raw_line}});
  }
  nlohmann::json json = {{"status", result.rejection ? "invalid" : "valid"},
                         {"source", args.source},
                         {"feed", args.feed},
                         {"rows", result.records},
                         {"rows_valid", result.rows_loaded},
                         {"rows_rejected", result.rows_rejected},
                         {"errors", errors}};
  if (result.rejection) {
    json["error_code"] = result.rejection->code;
    json["error_message"] = result.rejection->message;
  }
  return json;
}

int run_check(const CheckArgs& args) {
  auto config = load_config_or_report();
  if (!config) return EXIT_REJECTED;
  const FeedConfig* feed = find_feed(*config, args.feed);
  if (!feed) {
    std::string names;
    for (const auto& known : config->feeds)
      names += (names.empty() ? "" : ", ") + known.name;
    std::fprintf(stderr, "s3load: no feed named \"%s\" in %s (feeds: %s)\n", args.feed.c_str(),
                 config->path.c_str(), names.c_str());
    return EXIT_REJECTED;
  }
  install_interrupt_handlers();
  try {
    std::unique_ptr<ObjectSource> source;
    ObjectRef object;
    if (auto url = parse_s3_url(args.source)) {
      auto s3 = make_s3_client_or_report();
      if (!s3) return EXIT_REJECTED;
      source = std::move(s3);
      object.bucket = url->bucket;
      object.key = url->key;
    } else {
      source = std::make_unique<LocalFileSource>();
      object = local_object_ref(args.source);
    }
    auto database = make_database_session();
    const auto [schema, table_name] = split_table_name(feed->table);
    const TableInfo table = pg::read_table_info(database->connection(), schema, table_name);
    auto stream = decode_object(source->open(object, &g_interrupted), *feed);
    DiscardingCopySink sink;
    auto target = make_validation_target(table);
    const FileLoadRequest request{.feed = *feed,
                                  .table = table,
                                  .target = *target,
                                  .sink = sink,
                                  .cancel = &g_interrupted,
                                  .what = args.source,
                                  .validate_only = true,
                                  .max_reported_errors = args.max_errors};
    const FileLoadResult result = load_file(*stream, request);
    print_human(args, result);
    write_stdout_line(to_json(args, result).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return result.rejection ? EXIT_REJECTED : EXIT_OK;
  } catch (const Failure& failure) {
    std::fprintf(stderr, "s3load: %s\n", failure.error().message.c_str());
    nlohmann::json json = {{"status", failure.error().is_transient() ? "failed" : "invalid"},
                           {"source", args.source},
                           {"feed", args.feed},
                           {"error_class", to_string(failure.error().error_class)},
                           {"error_code", failure.error().code},
                           {"error_message", failure.error().message}};
    write_stdout_line(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return failure.error().is_transient() ? EXIT_TRANSIENT : EXIT_REJECTED;
  }
}

const CommandRegistration REGISTRATION(25, [](CLI::App& app) -> std::function<int()> {
  auto args = std::make_shared<CheckArgs>();
  auto* command = app.add_subcommand("check", "Validate a file against a feed's contract; load nothing");
  command->add_option("file", args->source, "a local path or s3://bucket/key")->required();
  command->add_option("--feed", args->feed, "the feed whose table and options apply")->required();
  command->add_option("--max-errors", args->max_errors, "row errors to show (all are counted)")
      ->default_val(20);
  command->footer(
      "Reads the target table's columns and types from the database, checks every row the way a load\n"
      "would (header, types, NULLs, lengths, encoding), and prints a summary and the first errors with\n"
      "their lines and columns on stderr, and one JSON line on stdout. Nothing is written.\n"
      "Exit codes: 0 valid, 2 invalid, 1 could not check (database or S3 unreachable).\n"
      "Example:\n"
      "  s3load check ./orders-2026-11-27.csv --feed acme-orders");
  return [command, args] { return command->parsed() ? run_check(*args) : -1; };
});

}  // namespace

}  // namespace s3load::cli
