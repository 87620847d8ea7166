#include "s3/s3_request.h"

#include <curl/curl.h>

#include <initializer_list>

namespace s3load {

std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char HEX[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' ||
                            byte == '~';
    if (unreserved || (keep_slash && byte == '/')) {
      out += c;
    } else {
      out += '%';
      out += HEX[byte >> 4];
      out += HEX[byte & 0x0F];
    }
  }
  return out;
}

namespace {

bool needs_path_style(std::string_view bucket) {
  // Virtual-hosted names with dots break TLS wildcard certificates; uppercase/underscores are
  // legacy names that are not valid host labels.
  for (const char c : bucket) {
    if (c == '.' || c == '_' || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

}  // namespace

std::string object_url(const S3Settings& settings, std::string_view bucket, std::string_view key,
                       const std::map<std::string, std::string>& query) {
  std::string url;
  if (settings.endpoint) {
    url = *settings.endpoint + "/" + uri_encode(bucket, false) + "/";
  } else if (needs_path_style(bucket)) {
    url = "https://s3." + settings.region + ".amazonaws.com/" + uri_encode(bucket, false) + "/";
  } else {
    url = "https://" + std::string(bucket) + ".s3." + settings.region + ".amazonaws.com/";
  }
  url += uri_encode(key, true);
  char separator = '?';
  for (const auto& [name, value] : query) {  // std::map: sorted by name, as SigV4 wants
    url += separator;
    url += uri_encode(name, false);
    url += '=';
    url += uri_encode(value, false);
    separator = '&';
  }
  return url;
}

std::string sigv4_parameter(const S3Settings& settings) {
  return "aws:amz:" + settings.region + ":s3";
}

namespace {

std::string element_text(std::string_view xml, std::string_view name) {
  const std::string open = "<" + std::string(name) + ">";
  const std::string close = "</" + std::string(name) + ">";
  const auto begin = xml.find(open);
  if (begin == std::string_view::npos) return {};
  const auto start = begin + open.size();
  const auto end = xml.find(close, start);
  if (end == std::string_view::npos) return {};
  return std::string(xml.substr(start, end - start));
}

}  // namespace

S3ErrorBody parse_error_body(std::string_view xml) {
  return S3ErrorBody{element_text(xml, "Code"), element_text(xml, "Message")};
}

S3ErrorBody error_details(std::string_view body, const S3ErrorBody& from_headers) {
  S3ErrorBody details = parse_error_body(body);
  if (details.code.empty()) details.code = from_headers.code;
  if (details.message.empty()) details.message = from_headers.message;
  return details;
}

namespace {

// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
bool is_one_of(std::string_view code, std::initializer_list<std::string_view> codes) {
  for (const auto candidate : codes) {
    if (code == candidate) return true;
  }
  return false;
}

}  // namespace

Error classify_http_error(long status, const S3ErrorBody& body, std::string_view what) {
  const std::string detail = body.code.empty() ? "HTTP " + std::to_string(status)
                                               : body.code + " (HTTP " + std::to_string(status) + ")";
  const std::string suffix = body.message.empty() ? "" : ": " + body.message;
  const std::string subject(what);
  if (status == 412)
    return permanent_error("superseded", subject + " was overwritten since the event was sent (" + detail +
                                             "); the newer version's own event loads it");
  // Operator faults first: S3 sends some of them as 400, which would otherwise read as a bad request.
  if (is_one_of(body.code, {"ExpiredToken", "TokenRefreshRequired", "InvalidToken", "ExpiredTokenException"}))
    return transient_error("expired_credentials",
                           "the S3 credentials are expired or invalid reading " + subject + " (" + detail +
                               suffix +
                               "); renew AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; the "
                               "file is retried, not rejected");
  if (body.code == "RequestTimeTooSkewed")
    return transient_error("clock_skew",
                           "this machine's clock is too far from S3's reading " + subject + " (" + detail +
                               suffix + "); synchronise the clock (NTP); the file is retried, not rejected");
  if (status == 403 && body.code == "InvalidObjectState")
    return permanent_error("object_archived",
                           subject + " is archived (" + detail + suffix + "); restore it, then replay it");
  if (status == 401 || status == 403 ||
      is_one_of(body.code, {"AccessDenied", "SignatureDoesNotMatch", "InvalidAccessKeyId",
                            "AllAccessDisabled", "AccountProblem", "NotSignedUp", "InvalidSecurity"}))
    return transient_error("access_denied",
                           "access denied reading " + subject + " (" + detail + suffix +
                               "); check the credentials and that the policy allows s3:GetObject and "
                               "s3:GetObjectVersion on this key; the file is retried, not rejected");
  if (status == 429 || status >= 500 || body.code == "SlowDown" || body.code == "RequestTimeout" ||
      body.code == "InternalError" || body.code == "ServiceUnavailable")
    return transient_error("s3_unavailable", "S3 answered " + detail + " for " + subject + suffix);
  if (status == 404) {
    if (body.code == "NoSuchBucket")
      return permanent_error("bucket_not_found", "bucket of " + subject + " does not exist (" + detail + ")");
    if (body.code == "NoSuchVersion")
      return permanent_error("object_not_found",
                             subject + ": this version no longer exists (" + detail + ")");
    return permanent_error("object_not_found", subject + " does not exist (" + detail + ")");
  }
  if (status == 301 || status == 307 || body.code == "PermanentRedirect" ||
      body.code == "AuthorizationHeaderMalformed")
    return permanent_error("wrong_region", subject + ": the bucket is in another region (" + detail +
                                               "); set AWS_REGION to the bucket's region");
  return permanent_error("s3_rejected", "S3 answered " + detail + " for " + subject + suffix);
}

bool is_operator_fault(const Error& error) {
  return error.is_transient() &&
         (error.code == "access_denied" || error.code == "expired_credentials" || error.code == "clock_skew");
}

Error classify_transport_error(int curl_code, std::string_view curl_message, std::string_view what) {
  const std::string text = "cannot read " + std::string(what) + ": " + std::string(curl_message) +
                           " (curl error " + std::to_string(curl_code) + ")";
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return permanent_error("s3_misconfigured", text);
    default:
      return transient_error("s3_unreachable", text);
  }
}

}  // namespace s3load
