#include "cli/app.h"

#include <csignal>
#include <cstdio>
#include <random>

#include "core/log.h"
#include "events/bucket_name.h"
#include "pipeline/handler.h"

namespace s3load::cli {

CancelFlag g_interrupted{false};

namespace {

void on_signal(int) {
  g_interrupted.store(true);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = &on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

std::string config_path_from_environment() {
  if (auto path = process_environment("S3LOAD_CONFIG")) return *path;
  if (auto root = process_environment("LAMBDA_TASK_ROOT")) return *root + "/s3load.toml";
  return "./s3load.toml";
}

std::optional<Config> load_config_or_report() {
  auto config = load_config_file(config_path_from_environment());
  if (!config) {
    std::fprintf(stderr, "s3load: %s\n", config.error().message.c_str());
    return std::nullopt;
  }
  return std::move(config).value();
}

std::unique_ptr<S3Client> make_s3_client_or_report() {
  auto settings = s3_settings_from_environment();
  if (!settings) {
    std::fprintf(stderr, "s3load: %s\n", settings.error().message.c_str());
    return nullptr;
  }
  return std::make_unique<S3Client>(std::move(settings).value());
}

std::unique_ptr<pg::DatabaseSession> make_database_session() {
  return std::make_unique<pg::DatabaseSession>([] { return pg::database_url_from_environment(); }, "s3load");
}

std::string new_request_id(std::string_view prefix) {
  std::random_device device;
  char text[24];
  std::snprintf(text, sizeof text, "%08x%08x", device(), device());
  return std::string(prefix) + "-" + text;
}

void print_outcome(const Outcome& outcome) {
  write_stdout_line(to_json(outcome).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

int exit_code_for(const Outcome& outcome) {
  switch (outcome.status) {
    case OutcomeStatus::failed:
      return EXIT_TRANSIENT;
    case OutcomeStatus::rejected:
      return EXIT_REJECTED;
    default:
      return EXIT_OK;
  }
}

std::optional<S3Url> parse_s3_url(std::string_view text) {
  if (text.rfind("s3://", 0) != 0) return std::nullopt;
  text.remove_prefix(5);
  const auto slash = text.find('/');
  if (slash == 0 || text.empty()) return std::nullopt;
  if (slash == std::string_view::npos) return S3Url{std::string(text), ""};
  return S3Url{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
}

bool check_s3_url_bucket(const S3Url& url, std::string_view source) {
  const auto problem = bucket_name_problem(
      url.bucket, BucketNameRules{.allow_tenant = event_parse_options_from_environment().endpoint_override});
  if (!problem) return true;
  std::fprintf(stderr, "s3load: %.*s: \"%s\" is not a valid S3 bucket name: it %s\n",
               static_cast<int>(source.size()), source.data(), url.bucket.c_str(), problem->c_str());
  return false;
}

}  // namespace s3load::cli
