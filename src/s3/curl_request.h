// Shared libcurl plumbing for S3 requests: a pool of easy handles (so connections are reused across
// requests) and the options every signed request needs.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "s3/s3_credentials.h"
#include "s3/s3_settings.h"

namespace s3load {

class CurlHandlePool {
 public:
  CurlHandlePool() = default;
  ~CurlHandlePool();
  CurlHandlePool(const CurlHandlePool&) = delete;
  CurlHandlePool& operator=(const CurlHandlePool&) = delete;

  // A handle with default options; its connection cache survives between uses.
  CURL* acquire();
  void release(CURL* handle);

 private:
  std::mutex m_mutex;
  std::vector<CURL*> m_idle;
};

// Owns a curl_slist.
struct HeaderList {
  curl_slist* list = nullptr;
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(list); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  void add(const std::string& header) { list = curl_slist_append(list, header.c_str()); }
};

// URL, SigV4 signing (curl computes the signature; we add the payload hash and session token headers,
// which curl then signs too), timeouts. The caller adds its own headers to `headers` before calling.
// Signed with `credentials` (the settings' own may have been rotated since).
// https://curl.se/libcurl/c/CURLOPT_AWS_SIGV4.html
void configure_signed_get(CURL* handle, const S3Settings& settings, const S3Credentials& credentials,
                          const std::string& url, HeaderList& headers);

}  // namespace s3load
