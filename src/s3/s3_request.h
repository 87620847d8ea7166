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

// The error details of an answer: the XML body's, else (a HEAD answer has no body) those some servers
// put in headers (x-amz-error-code, x-amz-error-message), passed as `from_headers`.
S3ErrorBody error_details(std::string_view body, const S3ErrorBody& from_headers);

// Classifies an HTTP answer that is not a success, for the object being read.
// - Operator faults are transient, so the event is retried (Lambda, the push gateway, the CLI's exit 1)
//   until the operator fixes them, and never filed as the vendor's file being bad: `access_denied`
//   (AccessDenied, SignatureDoesNotMatch, InvalidAccessKeyId, AllAccessDisabled, any other 401/403),
//   `expired_credentials` (ExpiredToken, TokenRefreshRequired, InvalidToken), `clock_skew`
//   (RequestTimeTooSkewed).
// - 429, 5xx, SlowDown, RequestTimeout: transient `s3_unavailable`.
// - 412 and a changed ETag: permanent `superseded`; 404: permanent (`object_not_found`,
//   `bucket_not_found`); an archived object (403 InvalidObjectState): permanent `object_archived`.
Error classify_http_error(long status, const S3ErrorBody& body, std::string_view what);

// access_denied, expired_credentials or clock_skew: retrying at once cannot help (unless the credentials
// changed meanwhile), only the operator can.
bool is_operator_fault(const Error& error);

// Classifies a transport failure (libcurl CURLcode as integer) for the object being read.
Error classify_transport_error(int curl_code, std::string_view curl_message, std::string_view what);

}  // namespace s3load
