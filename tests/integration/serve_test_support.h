// Test support for `s3load serve`: the real binary as a background process, plain HTTP calls to it, and
// Ceph RGW topics and bucket notifications that push to it. Shared by tests/integration/serve_*_test.cpp
// and tests/disruptive/serve_*_test.cpp (header-only: those folders glob only *_test.cpp).
#pragma once

#include <curl/curl.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "s3/s3_settings.h"
#include "support/child_command.h"
#include "support/stack.h"

namespace s3load::testing {

using namespace std::chrono_literals;
using TestClock = std::chrono::steady_clock;

// Polls `condition` every `interval` until it holds or `timeout` passes; returns whether it held. For
// waiting on another process (a push, a load, an exit), never as a delay.
inline bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                       std::chrono::milliseconds interval = 50ms) {
  const auto deadline = TestClock::now() + timeout;
  while (!condition()) {
    if (TestClock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
  return true;
}

inline std::string read_whole_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

inline std::vector<nlohmann::json> json_lines_of(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (!json.is_discarded() && json.is_object()) lines.push_back(std::move(json));
  }
  return lines;
}

// A fresh token for one test (the server requires at least 16 characters).
inline std::string new_token() {
  return "tok-" + unique_name("serve").substr(0, 8) + "-" + std::to_string(std::random_device{}()) +
         "-abcdef";
}

// `build/s3load serve …` running in the background, stdout and stderr captured in files.
class ServeProcess {
 public:
  // Starts it with the stack environment plus `env` (a value of "" unsets the variable) and waits until it
  // logs that it listens. Fails the test (throws) when it exits or stays silent.
  ServeProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    const std::string base = temp_dir() + "/" + unique_name("serve");
    m_out_path = base + ".out";
    m_err_path = base + ".err";
    std::vector<std::string> argv{"serve"};
    argv.insert(argv.end(), args.begin(), args.end());
    ChildCommand command(s3load_command_line(argv), environment_with(env));
    SpawnActions actions;
    posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(actions.get(), 1, m_out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(actions.get(), 2, m_err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    m_pid = command.spawn(actions);

    const bool listening = eventually(
        [&] {
          for (const auto& line : log_lines()) {
            if (line.value("message", "") == "listening") {
              m_port = line.at("port").get<int>();
              return true;
            }
          }
          return !running();
        },
        30s);
    if (!listening || m_port == 0)
      throw std::runtime_error("s3load serve did not start listening:\n" + log());
  }

  ~ServeProcess() {
    if (!running()) return;
    kill(m_pid, SIGTERM);
    if (!wait_exit(60s)) {
      kill(m_pid, SIGKILL);
      wait_exit(10s);
    }
  }

  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return m_port; }
  std::string url(const std::string& path_and_query) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + path_and_query;
  }
  void send_signal(int signal_number) const { kill(m_pid, signal_number); }

  bool running() {
    if (m_exit_code) return false;
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_exit_code = exit_code_of(status);
      return false;
    }
    return true;
  }
  // The exit code once it exited within `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
    eventually([&] { return !running(); }, timeout, 20ms);
    return m_exit_code;
  }

  std::string log() const { return read_whole_file(m_err_path); }
  std::string out() const { return read_whole_file(m_out_path); }
  std::vector<nlohmann::json> log_lines() const { return json_lines_of(log()); }
  // The "request" log lines (one per answered request).
  std::vector<nlohmann::json> request_lines() const {
    std::vector<nlohmann::json> lines;
    for (auto& line : log_lines()) {
      if (line.value("message", "") == "request") lines.push_back(std::move(line));
    }
    return lines;
  }

 private:
  pid_t m_pid = 0;
  int m_port = 0;
  std::optional<int> m_exit_code;
  std::string m_out_path;
  std::string m_err_path;
};

struct HttpAnswer {
  long status = 0;  // 0: no HTTP answer (connection refused or closed)
  std::string body;
  std::string curl_error;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

namespace serve_detail {

inline std::size_t collect(char* data, std::size_t size, std::size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

}  // namespace serve_detail

// One HTTP request with libcurl (no proxy, 120 s timeout).
inline HttpAnswer http_request(const std::string& method, const std::string& url,
                               const std::string& body = "", const std::vector<std::string>& headers = {}) {
  HttpAnswer answer;
  CURL* curl = curl_easy_init();
  curl_slist* list = nullptr;
  for (const auto& header : headers)
    list = curl_slist_append(list, header.c_str());
  list = curl_slist_append(list, "Expect:");  // send bodies at once, as RGW and MinIO do
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &serve_detail::collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) answer.curl_error = curl_easy_strerror(code);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return answer;
}

inline HttpAnswer http_post(const std::string& url, const std::string& body,
                            const std::vector<std::string>& headers = {}) {
  return http_request("POST", url, body, headers);
}

// A Ceph RGW record as the gateway pushes it (eventSource ceph:s3, key not encoded, opaqueData).
inline std::string ceph_event(const std::string& bucket, const std::string& key, const PutResult& put,
                              std::int64_t size, const std::string& opaque_data) {
  nlohmann::json record = {
      {"eventVersion", "2.2"},
      {"eventSource", "ceph:s3"},
      {"awsRegion", ""},
      {"eventTime", "2026-11-27T02:44:05.646675Z"},
      {"eventName", "ObjectCreated:Put"},
      {"userIdentity", {{"principalId", "s3load"}}},
      {"requestParameters", {{"sourceIPAddress", ""}}},
      {"responseElements", {{"x-amz-request-id", "req"}, {"x-amz-id-2", "100a-default-default"}}},
      {"s3",
       {{"s3SchemaVersion", "1.0"},
        {"configurationId", "load"},
        {"bucket", {{"name", bucket}, {"arn", "arn:aws:s3:::" + bucket}}},
        {"object",
         {{"key", key},
          {"size", size},
          {"eTag", put.etag},
          {"versionId", put.version_id},
          {"sequencer", "75EE086BC04AEC26"},
          {"metadata", nlohmann::json::array()},
          {"tags", nlohmann::json::array()}}}}},
      {"eventId", "1795747445.653019." + put.etag},
      {"opaqueData", opaque_data}};
  return nlohmann::json{{"Records", {record}}}.dump();
}

// A signed request to the local RGW (S3 or its SNS-style topic API). Throws unless it answers 2xx.
inline std::string rgw_request(const std::string& method, const std::string& path_and_query,
                               const std::string& body = "", const std::string& service = "s3",
                               const std::string& content_type = "") {
  auto settings = s3_settings_from_environment();
  if (!settings) throw std::runtime_error(settings.error().message);
  CURL* curl = curl_easy_init();
  const std::string url = *settings->endpoint + path_and_query;
  const std::string sigv4 = "aws:amz:" + settings->region + ":" + service;
  curl_slist* headers = nullptr;
  if (service == "s3") headers = curl_slist_append(headers, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
  if (!content_type.empty()) headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
  std::string answer;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl_easy_setopt(curl, CURLOPT_USERNAME, settings->access_key_id.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, settings->secret_access_key.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (!body.empty() || method == "POST" || method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &serve_detail::collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK || status < 200 || status >= 300)
    throw std::runtime_error(method + " " + path_and_query + " → " +
                             (code != CURLE_OK ? curl_easy_strerror(code) : std::to_string(status)) + ": " +
                             answer);
  return answer;
}

inline std::string form_value(const std::string& text) {
  char* escaped = curl_easy_escape(nullptr, text.c_str(), static_cast<int>(text.size()));
  std::string result(escaped);
  curl_free(escaped);
  return result;
}

// A bucket of its own with a persistent RGW topic pushing its s3:ObjectCreated:* events under `prefix` to
// `endpoint`; everything is removed again on destruction (notification and topic first, so that the
// gateway stops pushing before the server goes away).
class NotificationWiring {
 public:
  NotificationWiring(std::string bucket, std::string topic, const std::string& endpoint,
                     const std::string& prefix)
      : m_bucket(std::move(bucket)), m_topic(std::move(topic)), m_arn("arn:aws:sns:default::" + m_topic) {
    rgw_request("PUT", "/" + m_bucket);
    m_bucket_created = true;
    rgw_request("POST", "/",
                "Action=CreateTopic&Name=" + form_value(m_topic) +
                    "&Attributes.entry.1.key=push-endpoint&Attributes.entry.1.value=" + form_value(endpoint) +
                    "&Attributes.entry.2.key=persistent&Attributes.entry.2.value=true",
                "sns", "application/x-www-form-urlencoded");
    m_topic_created = true;
    rgw_request("PUT", "/" + m_bucket + "?notification=",
                "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                "<TopicConfiguration><Id>load</Id><Topic>" +
                    m_arn +
                    "</Topic><Event>s3:ObjectCreated:*</Event>"
                    "<Filter><S3Key><FilterRule><Name>prefix</Name><Value>" +
                    prefix +
                    "</Value></FilterRule></S3Key></Filter></TopicConfiguration></NotificationConfiguration>",
                "s3", "application/xml");
  }

  ~NotificationWiring() {
    auto quietly = [](const std::function<void()>& step) {
      try {
        step();
      } catch (const std::exception& error) {
        std::fprintf(stderr, "cleanup: %s\n", error.what());
      }
    };
    if (m_bucket_created) quietly([&] { rgw_request("DELETE", "/" + m_bucket + "?notification="); });
    if (m_topic_created)
      quietly([&] {
        rgw_request("POST", "/", "Action=DeleteTopic&TopicArn=" + form_value(m_arn), "sns",
                    "application/x-www-form-urlencoded");
      });
    for (const auto& key : m_keys)
      quietly([&] { delete_object(m_bucket, key); });
    if (m_bucket_created) quietly([&] { rgw_request("DELETE", "/" + m_bucket); });
  }

  NotificationWiring(const NotificationWiring&) = delete;
  NotificationWiring& operator=(const NotificationWiring&) = delete;

  const std::string& bucket() const { return m_bucket; }
  PutResult upload(const std::string& key, std::string_view body) {
    m_keys.push_back(key);
    return put_object(m_bucket, key, body);
  }

 private:
  std::string m_bucket;
  std::string m_topic;
  std::string m_arn;
  bool m_bucket_created = false;
  bool m_topic_created = false;
  std::vector<std::string> m_keys;
};

// A bucket name RGW accepts (lower case, digits and dashes, at most 63 characters).
inline std::string unique_bucket(std::string_view prefix) {
  std::string name = unique_name(prefix);
  for (auto& c : name)
    if (c == '_') c = '-';
  if (name.size() > 63) name.resize(63);
  return name;
}

}  // namespace s3load::testing
