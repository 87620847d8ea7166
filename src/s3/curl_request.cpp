#include "s3/curl_request.h"

#include <unistd.h>

#include "s3/s3_request.h"

namespace s3load {

namespace {

// libcurl built on Debian looks for /etc/ssl/certs/ca-certificates.crt; Amazon Linux 2023 (the Lambda
// provided.al2023 runtime) keeps its bundle at /etc/pki/tls/certs/ca-bundle.crt. AWS_CA_BUNDLE (the AWS
// CLI and SDK variable) wins; else the first bundle that exists; else curl's built-in default.
const std::string& ca_bundle() {
  static const std::string path = [] {
    if (auto configured = process_environment("AWS_CA_BUNDLE")) return *configured;
    for (const char* candidate : {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"}) {
      if (::access(candidate, R_OK) == 0) return std::string(candidate);
    }
    return std::string();
  }();
  return path;
}

}  // namespace

CurlHandlePool::~CurlHandlePool() {
  for (CURL* handle : m_idle)
    curl_easy_cleanup(handle);
}

CURL* CurlHandlePool::acquire() {
  {
    std::lock_guard lock(m_mutex);
    if (!m_idle.empty()) {
      CURL* handle = m_idle.back();
      m_idle.pop_back();
      return handle;
    }
  }
  return curl_easy_init();
}

void CurlHandlePool::release(CURL* handle) {
  // curl_easy_reset keeps live connections and the DNS cache, which is the point of pooling.
  curl_easy_reset(handle);
  std::lock_guard lock(m_mutex);
  m_idle.push_back(handle);
}

void configure_signed_get(CURL* handle, const S3Settings& settings, const S3Credentials& credentials,
                          const std::string& url, HeaderList& headers) {
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  // Keys may contain "." and ".." segments; curl must not squash them (the signature covers the path).
  curl_easy_setopt(handle, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, settings.connect_timeout_ms);
  curl_easy_setopt(handle, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(handle, CURLOPT_BUFFERSIZE, 256L * 1024L);
  if (!ca_bundle().empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, ca_bundle().c_str());
  const std::string sigv4 = sigv4_parameter(settings);
  curl_easy_setopt(handle, CURLOPT_AWS_SIGV4, sigv4.c_str());  // curl copies string options
  curl_easy_setopt(handle, CURLOPT_USERNAME, credentials.access_key_id.c_str());
  curl_easy_setopt(handle, CURLOPT_PASSWORD, credentials.secret_access_key.c_str());
  headers.add("x-amz-content-sha256: UNSIGNED-PAYLOAD");
  if (credentials.session_token) headers.add("x-amz-security-token: " + *credentials.session_token);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.list);
}

}  // namespace s3load
