// Test support for integration tests: the local stack's environment, a direct database handle for
// set-up and assertions, uploads to the local Ceph RGW, and running the real s3load binary.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pg/connection.h"

namespace s3load::testing {

// Reads $S3LOAD_STACK_DIR/env (else <source>/.stack/env) written by `scripts/dev-stack up` and exports it.
void load_stack_environment();
std::string environment(const char* name);

// The s3load executable the tests run: $S3LOAD_TEST_BINARY when set (scripts/test points it at the
// sanitizer build for its second pass), else the one built with these tests.
const std::string& s3load_binary();
// Whether that executable was built with AddressSanitizer (its memory figures are then larger):
// $S3LOAD_TEST_SANITIZED=1, or these tests were themselves built with it.
bool s3load_binary_sanitized();

// A unique, lower-case SQL/S3-safe name for this test: prefix + test name + random suffix.
std::string unique_name(std::string_view prefix);

// A direct connection as the s3load database user, for creating tables and checking results.
class TestDatabase {
 public:
  TestDatabase();
  pg::QueryResult exec(const std::string& sql, const pg::Params& params = {});
  std::int64_t count(const std::string& sql, const pg::Params& params = {});
  std::string text(const std::string& sql, const pg::Params& params = {});
  pg::Connection& connection() { return *m_connection; }

 private:
  std::unique_ptr<pg::Connection> m_connection;
};

struct PutResult {
  long status = 0;
  std::string version_id;
  std::string etag;  // without quotes
};

// PUT/DELETE on the local RGW (SigV4 via libcurl), for test set-up.
PutResult put_object(const std::string& bucket, const std::string& key, std::string_view body);
long delete_object(const std::string& bucket, const std::string& key);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::vector<nlohmann::json> json_lines() const;  // every stdout line that parses as JSON
  std::string all() const { return "stdout:\n" + out + "\nstderr:\n" + err; }
};

// Runs build/s3load with the stack environment plus overrides (a value of "" unsets the variable).
RunResult run_s3load(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                     const std::string& stdin_data = "");
// s3load_binary() followed by `args`.
std::vector<std::string> s3load_command_line(const std::vector<std::string>& args);

// A file in this test's private temporary directory.
std::string write_temp_file(const std::string& name, std::string_view content);
std::string temp_dir();

// application/x-www-form-urlencoded, as AWS S3 notifications encode keys ("a b+c" → "a+b%2Bc").
std::string form_encode(std::string_view key);

struct EventRecord {
  std::string bucket;
  std::string key;  // decoded; encoded into the event as AWS does
  std::string version_id;
  std::string etag;
  std::int64_t size = 0;
  std::string sequencer = "0055AED6DCD90281E5";
  std::string event_name = "ObjectCreated:Put";
};
EventRecord record_for(const std::string& bucket, const std::string& key, const PutResult& put,
                       std::int64_t size);

// An AWS S3 notification ({"Records":[…]}, eventSource aws:s3, keys form-encoded).
std::string s3_event(const std::vector<EventRecord>& records);
// An SQS batch whose bodies are the given strings, messageIds "msg-1", "msg-2", …
std::string sqs_event(const std::vector<std::string>& bodies);

}  // namespace s3load::testing
