#include "support/stack.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "s3/s3_request.h"
#include "s3/s3_settings.h"
#include "support/child_command.h"

namespace s3load::testing {

void load_stack_environment() {
  const char* dir = std::getenv("S3LOAD_STACK_DIR");
  const std::string path = std::string(dir ? dir : S3LOAD_SOURCE_DIR "/.stack") + "/env";
  std::ifstream file(path);
  if (!file) throw std::runtime_error("no stack environment at " + path + "; run scripts/dev-stack up");
  std::string line;
  while (std::getline(file, line)) {
    if (line.rfind("export ", 0) != 0) continue;
    line = line.substr(7);
    const auto equals = line.find('=');
    std::string name = line.substr(0, equals);
    std::string value = line.substr(equals + 1);
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'')
      value = value.substr(1, value.size() - 2);
    setenv(name.c_str(), value.c_str(), 1);
  }
}

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  if (!value) throw std::runtime_error(std::string("environment variable ") + name + " is not set");
  return value;
}

std::string unique_name(std::string_view prefix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name(prefix);
  if (info) name += std::string("_") + info->name();
  std::string safe;
  for (const char c : name)
    safe += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  if (safe.size() > 40) safe.resize(40);
  std::random_device random;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "_%06x", random() & 0xFFFFFF);
  return safe + suffix;
}

TestDatabase::TestDatabase()
    : m_connection(pg::Connection::connect(environment("S3LOAD_DATABASE_URL"), "s3load-tests")) {}

pg::QueryResult TestDatabase::exec(const std::string& sql, const pg::Params& params) {
  return m_connection->exec(sql, params);
}

std::int64_t TestDatabase::count(const std::string& sql, const pg::Params& params) {
  return exec(sql, params).integer(0, 0);
}

std::string TestDatabase::text(const std::string& sql, const pg::Params& params) {
  const auto result = exec(sql, params);
  return result.rows() == 0 || result.is_null(0, 0) ? "" : std::string(result.text(0, 0));
}

namespace {

struct Upload {
  std::string_view body;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* data) {
  auto* upload = static_cast<Upload*>(data);
  const std::size_t n = std::min(size * count, upload->body.size() - upload->offset);
  std::memcpy(buffer, upload->body.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

std::size_t collect_headers(char* data, std::size_t size, std::size_t count, void* target) {
  auto* result = static_cast<PutResult*>(target);
  std::string line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
    line.pop_back();
  const auto colon = line.find(':');
  if (colon == std::string::npos) return size * count;
  std::string name = line.substr(0, colon);
  for (auto& c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string value = line.substr(colon + 1);
  while (!value.empty() && value.front() == ' ')
    value.erase(0, 1);
  if (name == "x-amz-version-id") result->version_id = value;
  if (name == "etag")
    result->etag = value.size() >= 2 && value.front() == '"' ? value.substr(1, value.size() - 2) : value;
  return size * count;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

long signed_request(const std::string& method, const std::string& bucket, const std::string& key,
                    std::string_view body, PutResult* result) {
  auto settings = s3_settings_from_environment();
  if (!settings) throw std::runtime_error(settings.error().message);
  CURL* curl = curl_easy_init();
  const std::string url = object_url(*settings, bucket, key);
  curl_slist* headers = curl_slist_append(nullptr, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
  const std::string sigv4 = sigv4_parameter(*settings);
  Upload upload{body, 0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl_easy_setopt(curl, CURLOPT_USERNAME, settings->access_key_id.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, settings->secret_access_key.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &discard);
  if (method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &read_upload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  if (result) {
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &collect_headers);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, result);
  }
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK)
    throw std::runtime_error(std::string("S3 request failed: ") + curl_easy_strerror(code));
  return status;
}

}  // namespace

PutResult put_object(const std::string& bucket, const std::string& key, std::string_view body) {
  PutResult result;
  result.status = signed_request("PUT", bucket, key, body, &result);
  if (result.status != 200)
    throw std::runtime_error("PUT " + bucket + "/" + key + " answered " + std::to_string(result.status));
  return result;
}

long delete_object(const std::string& bucket, const std::string& key) {
  return signed_request("DELETE", bucket, key, "", nullptr);
}

std::vector<nlohmann::json> RunResult::json_lines() const {
  std::vector<nlohmann::json> lines;
  std::istringstream stream(out);
  std::string line;
  while (std::getline(stream, line)) {
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (!json.is_discarded()) lines.push_back(std::move(json));
  }
  return lines;
}

RunResult run_s3load(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                     const std::string& stdin_data) {
  ChildCommand command(s3load_command_line(args), environment_with(env));
  PipedChild child = spawn_piped(command);
  RunResult result;
  exchange(child, stdin_data, result.out, result.err);
  int status = 0;
  waitpid(child.pid, &status, 0);
  result.exit_code = exit_code_of(status);
  return result;
}

std::vector<std::string> s3load_command_line(const std::vector<std::string>& args) {
  std::vector<std::string> argv{s3load_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::string temp_dir() {
  static std::string dir;
  if (dir.empty()) {
    char pattern[] = "/tmp/s3load-test-XXXXXX";
    dir = mkdtemp(pattern);
  }
  return dir;
}

std::string write_temp_file(const std::string& name, std::string_view content) {
  const std::string path = temp_dir() + "/" + name;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream file(path, std::ios::binary);
  file.write(content.data(), static_cast<std::streamsize>(content.size()));
  return path;
}

std::string form_encode(std::string_view key) {
  static constexpr char HEX[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '*' || c == '/')
      out += c;
    else if (c == ' ')
      out += '+';
    else {
      out += '%';
      out += HEX[byte >> 4];
      out += HEX[byte & 15];
    }
  }
  return out;
}

EventRecord record_for(const std::string& bucket, const std::string& key, const PutResult& put,
                       std::int64_t size) {
  EventRecord record;
  record.bucket = bucket;
  record.key = key;
  record.version_id = put.version_id;
  record.etag = put.etag;
  record.size = size;
  return record;
}

std::string s3_event(const std::vector<EventRecord>& records) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& record : records) {
    nlohmann::json object = {{"key", form_encode(record.key)},
                             {"size", record.size},
                             {"eTag", record.etag},
                             {"sequencer", record.sequencer}};
    if (!record.version_id.empty()) object["versionId"] = record.version_id;
    list.push_back({{"eventVersion", "2.1"},
                    {"eventSource", "aws:s3"},
                    {"awsRegion", "us-east-1"},
                    {"eventTime", "2026-11-27T10:00:00.000Z"},
                    {"eventName", record.event_name},
                    {"userIdentity", {{"principalId", "AWS:EXAMPLE"}}},
                    {"requestParameters", {{"sourceIPAddress", "127.0.0.1"}}},
                    {"responseElements", {{"x-amz-request-id", "EXAMPLE"}, {"x-amz-id-2", "EXAMPLE"}}},
                    {"s3",
                     {{"s3SchemaVersion", "1.0"},
                      {"configurationId", "s3load"},
                      {"bucket", {{"name", record.bucket}, {"arn", "arn:aws:s3:::" + record.bucket}}},
                      {"object", object}}}});
  }
  return nlohmann::json{{"Records", list}}.dump();
}

std::string sqs_event(const std::vector<std::string>& bodies) {
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    list.push_back({{"messageId", "msg-" + std::to_string(i + 1)},
                    {"receiptHandle", "handle-" + std::to_string(i + 1)},
                    {"body", bodies[i]},
                    {"attributes", {{"ApproximateReceiveCount", "1"}}},
                    {"messageAttributes", nlohmann::json::object()},
                    {"md5OfBody", "x"},
                    {"eventSource", "aws:sqs"},
                    {"eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:s3load"},
                    {"awsRegion", "us-east-1"}});
  }
  return nlohmann::json{{"Records", list}}.dump();
}

const std::string& s3load_binary() {
  static const std::string path = [] {
    const char* chosen = std::getenv("S3LOAD_TEST_BINARY");
    return std::string(chosen && *chosen ? chosen : S3LOAD_BINARY);
  }();
  return path;
}

bool s3load_binary_sanitized() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#else
  const char* flag = std::getenv("S3LOAD_TEST_SANITIZED");
  return flag && std::string_view(flag) == "1";
#endif
}

}  // namespace s3load::testing
