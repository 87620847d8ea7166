// What every command needs: the feeds config, S3, the database, and the exit-code conventions.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "feeds/feed_config.h"
#include "pg/database_session.h"
#include "pipeline/outcome.h"
#include "s3/s3_client.h"
#include "source/object_source.h"

namespace s3load::cli {

// DESIGN §3 exit codes.
inline constexpr int EXIT_OK = 0;
inline constexpr int EXIT_TRANSIENT = 1;
inline constexpr int EXIT_REJECTED = 2;

// Set by SIGINT/SIGTERM; loads in flight roll back and report a transient outcome.
extern CancelFlag g_interrupted;
void install_interrupt_handlers();

// S3LOAD_CONFIG, else $LAMBDA_TASK_ROOT/s3load.toml inside Lambda, else ./s3load.toml.
std::string config_path_from_environment();

// Loads the config or prints the error (file, line, key) to stderr and returns nullopt.
std::optional<Config> load_config_or_report();

// S3 client from the AWS environment, or nullptr after printing why not.
std::unique_ptr<S3Client> make_s3_client_or_report();

std::unique_ptr<pg::DatabaseSession> make_database_session();

// A fresh id for one CLI run, so its ledger rows and log lines can be found together.
std::string new_request_id(std::string_view prefix);

// Prints one outcome as a JSON line on stdout.
void print_outcome(const Outcome& outcome);

// 0 loaded/duplicate/superseded/ignored, 2 rejected, 1 failed.
int exit_code_for(const Outcome& outcome);

// "s3://bucket/key" → bucket and key (the key is taken literally, not URL-decoded).
struct S3Url {
  std::string bucket;
  std::string key;
};
std::optional<S3Url> parse_s3_url(std::string_view text);

// False, after saying why on stderr, when the URL's bucket is not a bucket name S3 accepts (the same rule
// as for events: "tenant:bucket" only with an endpoint override). Nothing may be sent for such a name.
bool check_s3_url_bucket(const S3Url& url, std::string_view source);

}  // namespace s3load::cli
