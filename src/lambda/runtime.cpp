#include "lambda/runtime.h"

#include <chrono>
#include <cstdio>
#include <memory>

#include "core/log.h"
#include "feeds/feed_config.h"
#include "lambda/curl_runtime_api.h"
#include "lambda/lambda_settings.h"
#include "lambda/load_function.h"
#include "pg/database_session.h"
#include "s3/s3_client.h"

namespace s3load::lambda {

namespace {

constexpr int EXIT_INIT_FAILURE = 1;
constexpr const char* INIT_ERROR_TYPE = "S3Load.InitError";

int report_init_error(RuntimeApi& api, const std::string& message) {
  log(LogLevel::error, "initialisation failed", {{"error_message", message}});
  const PostResult posted = api.post_init_error({INIT_ERROR_TYPE, message});
  if (posted.status != PostStatus::accepted)
    log(LogLevel::error, "the Runtime API did not take the init error", {{"detail", posted.detail}});
  return EXIT_INIT_FAILURE;
}

}  // namespace

int run_runtime(const RuntimeOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto settings = lambda_settings_from_environment();
  if (!settings && !process_environment("AWS_LAMBDA_RUNTIME_API")) {
    std::fprintf(stderr, "s3load: %s\n", settings.error().message.c_str());
    return EXIT_INIT_FAILURE;
  }
  CurlRuntimeApi api(*process_environment("AWS_LAMBDA_RUNTIME_API"));
  if (!settings) return report_init_error(api, settings.error().message);

  auto config = load_config_file(options.config_path);
  if (!config) return report_init_error(api, config.error().message);
  auto s3_settings = s3_settings_from_environment();
  if (!s3_settings) return report_init_error(api, s3_settings.error().message);

  S3Client s3(std::move(s3_settings).value());
  std::unique_ptr<ExtensionSecretSource> secret_source;
  std::unique_ptr<SecretConninfo> credentials;
  std::function<std::string()> conninfo;
  if (settings->secret) {
    secret_source = std::make_unique<ExtensionSecretSource>(*settings->secret);
    credentials = std::make_unique<SecretConninfo>(*secret_source, settings->database_settings);
    conninfo = [&credentials] { return credentials->conninfo(); };
  } else {
    conninfo = [text = to_conninfo(settings->database_settings)] { return text; };
  }
  pg::DatabaseSession database(std::move(conninfo), "s3load");

  LoadFunction function({.config = *config,
                         .source = s3,
                         .database = database,
                         .credentials = credentials.get(),
                         .deadline_margin = settings->deadline_margin});
  log(LogLevel::info, "runtime initialised",
      {{"config", config->path},
       {"feeds", config->feeds.size()},
       {"database_secret", settings->secret ? settings->secret->secret_id : ""},
       {"init_ms",
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count()}});
  return run_loop(api, function);
}

}  // namespace s3load::lambda
