// Pure pieces of an S3 request: URLs, canonical encoding, and how answers map to error classes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "s3/s3_settings.h"

namespace s3load {

// Percent-encodes everything outside A-Za-z0-9-._~ (RFC 3986 unreserved), as SigV4's canonical URI
// wants. With keep_slash, '/' stays so a key's segments keep their meaning.
std::string uri_encode(std::string_view text, bool keep_slash);

// The URL of an object or bucket request. Query parameters are encoded and sorted by name, which is
// the canonical order SigV4 signs (curl signs the query as given).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
std::string object_url(const S3Settings& settings, std::string_view bucket, std::string_view key,
                       const std::map<std::string, std::string>& query = {});

// "aws:amz:REGION:s3" for CURLOPT_AWS_SIGV4.
std::string sigv4_parameter(const S3Settings& settings);

// Extracts <Code> and <Message> from an S3 XML error body (the body is small and flat).
struct S3ErrorBody {
  std::string code;
  std::string message;
};
S3ErrorBody parse_error_body(std::string_view xml);

// Classifies an HTTP answer that is not a success, for the object being read.
// 404/403/400/412 are permanent (412 and a changed ETag are "superseded"); 429, 5xx and SlowDown transient.
Error classify_http_error(long status, const S3ErrorBody& body, std::string_view what);

// Classifies a transport failure (libcurl CURLcode as integer) for the object being read.
Error classify_transport_error(int curl_code, std::string_view curl_message, std::string_view what);

}  // namespace s3load
