// A minimal HTTP client for the two local endpoints a Lambda function talks to besides S3: the Runtime
// API and the Parameters and Secrets extension. One libcurl easy handle, reused so the connection stays
// open between requests. Not thread-safe: one client per thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace s3load::lambda {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  long timeout_ms = 0;  // whole request; 0 waits for ever (the Runtime API's /next)
  long connect_timeout_ms = 2000;
};

struct HttpReply {
  long status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names as received

  // The first header with this name (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
};

class LocalHttpClient {
 public:
  LocalHttpClient();
  ~LocalHttpClient();
  LocalHttpClient(const LocalHttpClient&) = delete;
  LocalHttpClient& operator=(const LocalHttpClient&) = delete;

  // Any HTTP status is a reply; only transport failures (refused, reset, timed out) are errors, always
  // transient, with code "http_unreachable" and curl's reason.
  Result<HttpReply> send(const HttpRequest& request);

 private:
  void* m_handle;  // CURL*, kept out of this header
};

// Percent-encodes everything outside A-Za-z0-9-._~ (a query-string value).
std::string url_encode(std::string_view text);

}  // namespace s3load::lambda
