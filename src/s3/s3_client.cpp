#include "s3/s3_client.h"

#include <expat.h>

#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "core/error.h"
#include "s3/curl_request.h"
#include "s3/s3_credentials.h"
#include "s3/s3_object_stream.h"
#include "s3/s3_request.h"

namespace s3load {

void initialize_http() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

S3Client::S3Client(S3Settings settings, EnvironmentLookup credentials_lookup)
    : m_settings(std::move(settings)),
      m_handles(std::make_unique<CurlHandlePool>()),
      m_credentials(std::make_unique<CredentialSource>(
          S3Credentials{m_settings.access_key_id, m_settings.secret_access_key, m_settings.session_token},
          std::move(credentials_lookup))) {
  initialize_http();
}

S3Client::~S3Client() = default;

std::unique_ptr<ByteSource> S3Client::open(const ObjectRef& object, const CancelFlag* cancel) {
  return open_object_stream(m_settings, *m_handles, *m_credentials, object, cancel);
}

namespace {

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* target) {
  auto* body = static_cast<std::string*>(target);
  const std::size_t bytes = size * count;
  if (body->size() + bytes > (16u << 20)) return 0;  // a listing page is ~1 MB at most
  body->append(data, bytes);
  return bytes;
}

// The pieces of a ListObjectsV2 answer we use, collected by expat callbacks.
struct ListParser {
  ListPage page;
  std::string text;
  ListedObject current;
  bool in_contents = false;
  bool truncated = false;

  static void on_start(void* self_pointer, const XML_Char* name, const XML_Char**) {
    auto* self = static_cast<ListParser*>(self_pointer);
    self->text.clear();
    if (std::string_view(name) == "Contents") {
      self->in_contents = true;
      self->current = ListedObject{};
    }
  }
  static void on_text(void* self_pointer, const XML_Char* data, int length) {
    static_cast<ListParser*>(self_pointer)->text.append(data, static_cast<std::size_t>(length));
  }
  static void on_end(void* self_pointer, const XML_Char* name_pointer) {
    auto* self = static_cast<ListParser*>(self_pointer);
    const std::string_view name(name_pointer);
    if (self->in_contents) {
      if (name == "Key")
        self->current.key = self->text;
      else if (name == "ETag") {
        std::string etag = self->text;
        if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
          etag = etag.substr(1, etag.size() - 2);
        self->current.etag = etag;
      } else if (name == "Size")
        self->current.size = std::strtoll(self->text.c_str(), nullptr, 10);
      else if (name == "LastModified")
        self->current.last_modified = self->text;
      else if (name == "Contents") {
        self->page.objects.push_back(std::move(self->current));
        self->in_contents = false;
      }
    } else if (name == "IsTruncated") {
      self->truncated = self->text == "true";
    } else if (name == "NextContinuationToken") {
      self->page.continuation_token = self->text;
    }
    self->text.clear();
  }
};

}  // namespace

ListPage S3Client::list_objects(const std::string& bucket, const std::string& prefix,
                                const std::optional<std::string>& continuation_token) {
  std::map<std::string, std::string> query{{"list-type", "2"}, {"prefix", prefix}};
  if (continuation_token) query["continuation-token"] = *continuation_token;
  const std::string url = object_url(m_settings, bucket, "", query);
  const std::string what = "s3://" + bucket + "/" + prefix + " (listing)";

  std::mt19937 random(std::random_device{}());
  bool resent_with_fresh_credentials = false;
  for (int attempt = 1;; ++attempt) {
    CURL* handle = m_handles->acquire();
    HeaderList headers;
    configure_signed_get(handle, m_settings, m_credentials->current(), url, headers);
    std::string body;
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &collect_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, 60000L);
    const CURLcode code = curl_easy_perform(handle);
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    m_handles->release(handle);

    Error error;
    if (code != CURLE_OK) {
      error = classify_transport_error(code, curl_easy_strerror(code), what);
    } else if (status != 200) {
      error = classify_http_error(status, parse_error_body(body), what);
      if (error.code == "object_not_found") error.code = "bucket_not_found";
    } else {
      ListParser parser;
      XML_Parser xml = XML_ParserCreate("UTF-8");
      XML_SetUserData(xml, &parser);
      XML_SetElementHandler(xml, &ListParser::on_start, &ListParser::on_end);
      XML_SetCharacterDataHandler(xml, &ListParser::on_text);
      const bool parsed = XML_Parse(xml, body.data(), static_cast<int>(body.size()), 1) == XML_STATUS_OK;
      XML_ParserFree(xml);
      if (!parsed) throw Failure(transient_error("s3_bad_answer", "unreadable listing for " + what));
      if (!parser.truncated) parser.page.continuation_token.reset();
      return std::move(parser.page);
    }
    if (is_operator_fault(error)) {
      // Only new credentials can change the answer now: send it once more if the environment has some.
      if (resent_with_fresh_credentials || !m_credentials->refresh()) throw Failure(error);
      resent_with_fresh_credentials = true;
      continue;
    }
    if (!error.is_transient() || attempt >= m_settings.retry.max_attempts) throw Failure(error);
    m_credentials->refresh();
    const int ceiling = std::min(m_settings.retry.max_delay_ms, m_settings.retry.base_delay_ms << attempt);
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(0, ceiling)(random)));
  }
}

}  // namespace s3load
