// The Runtime API over HTTP (libcurl), at http://$AWS_LAMBDA_RUNTIME_API/2018-06-01.
#pragma once

#include <string>

#include "lambda/local_http.h"
#include "lambda/runtime_api.h"

namespace s3load::lambda {

class CurlRuntimeApi : public RuntimeApi {
 public:
  // `address` is AWS_LAMBDA_RUNTIME_API: "host:port".
  explicit CurlRuntimeApi(const std::string& address);

  Result<Invocation> next() override;
  PostResult post_response(const std::string& request_id, const std::string& body) override;
  PostResult post_error(const std::string& request_id, const FunctionError& error) override;
  PostResult post_init_error(const FunctionError& error) override;

 private:
  PostResult post(const std::string& path, const std::string& body, const std::string& error_type);

  std::string m_base;  // http://host:port/2018-06-01
  LocalHttpClient m_http;
};

// Maps the Runtime API's answer to a post status (pure).
PostStatus post_status_for(long http_status);

}  // namespace s3load::lambda
