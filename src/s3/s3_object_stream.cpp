#include "s3/s3_object_stream.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "core/error.h"
#include "s3/s3_request.h"

namespace s3load {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t CHUNK_BYTES = 256 * 1024;
constexpr std::size_t QUEUE_CHUNKS = 8;  // bounded look-ahead: at most ~2 MiB buffered per stream
constexpr std::size_t MAX_ERROR_BODY = 16 * 1024;

std::string strip_quotes(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  return std::string(text);
}

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r' || text.back() == '\n'))
    text.remove_suffix(1);
  return std::string(text);
}

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  return true;
}

// Reads one object with retries; the reader side consumes chunks from a bounded queue.
class S3ObjectStream : public ByteSource {
 public:
  S3ObjectStream(const S3Settings& settings, CurlHandlePool& handles, CredentialSource& credentials,
                 ObjectRef object, const CancelFlag* cancel)
      : m_settings(settings),
        m_handles(handles),
        m_credentials(credentials),
        m_object(std::move(object)),
        m_cancel(cancel),
        m_what(describe(m_object)) {}

  ~S3ObjectStream() override {
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable()) m_thread.join();
  }
  S3ObjectStream(const S3ObjectStream&) = delete;
  S3ObjectStream& operator=(const S3ObjectStream&) = delete;

  // Starts the transfer and waits for the response headers (or the final failure).
  void start() {
    m_thread = std::thread([this] { run(); });
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_headers_ready || m_finished; });
    if (m_failure && !m_headers_ready) throw Failure(*m_failure);
  }

  std::size_t read(char* buffer, std::size_t size) override {
    if (m_current_pos == m_current.size()) {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [this] { return !m_queue.empty() || m_finished; });
      if (m_queue.empty()) {
        if (m_failure) throw Failure(*m_failure);
        return 0;
      }
      m_current = std::move(m_queue.front());
      m_queue.pop_front();
      m_current_pos = 0;
      lock.unlock();
      m_changed.notify_all();
    }
    const std::size_t n = std::min(size, m_current.size() - m_current_pos);
    std::memcpy(buffer, m_current.data() + m_current_pos, n);
    m_current_pos += n;
    return n;
  }

  const ObjectInfo& info() const override { return m_info; }
  std::uint64_t bytes_received() const override { return m_delivered.load(); }

 private:
  bool cancelled() const { return m_cancel && m_cancel->load(); }

  // One HTTP attempt. Returns nullopt when the body was delivered completely.
  std::optional<Error> attempt(CURL* handle) {
    std::map<std::string, std::string> query;
    if (m_object.version_id) query["versionId"] = *m_object.version_id;
    const std::string url = object_url(m_settings, m_object.bucket, m_object.key, query);
    HeaderList headers;
    // Without a version id, pin the ETag; once the first answer told us the ETag, pin that, so a resumed
    // read can never splice two versions together.
    const auto pinned_etag = m_info.etag ? m_info.etag : m_object.etag;
    if (!m_object.version_id && pinned_etag) headers.add("If-Match: \"" + *pinned_etag + "\"");
    if (m_delivered > 0) headers.add("Range: bytes=" + std::to_string(m_delivered.load()) + "-");
    configure_signed_get(handle, m_settings, m_credentials.current(), url, headers);

    m_handle_in_use = handle;
    m_status = 0;
    m_error_body.clear();
    m_error_headers = S3ErrorBody{};
    m_skip = 0;
    m_attempt_headers = ObjectInfo{};
    m_superseded.reset();
    m_stalled = false;
    m_last_progress = Clock::now();
    m_last_dlnow = 0;

    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &S3ObjectStream::on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &S3ObjectStream::on_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, &S3ObjectStream::on_progress);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, this);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, m_curl_error);
    m_curl_error[0] = '\0';

    const CURLcode code = curl_easy_perform(handle);
    if (m_superseded) return m_superseded;
    if (m_closed_seen) return permanent_error("closed", "reader closed the stream");
    if (cancelled())
      return transient_error("cancelled", "reading " + m_what + " was cancelled (deadline or shutdown)");
    if (m_stalled)
      return transient_error("s3_stalled", "no data from S3 for " +
                                               std::to_string(m_settings.stall_timeout_ms / 1000) +
                                               " s while reading " + m_what);
    if (code == CURLE_OK && m_status >= 200 && m_status < 300) {
      flush_pending();
      return std::nullopt;
    }
    if (m_status >= 300)
      return classify_http_error(m_status, error_details(m_error_body, m_error_headers), m_what);
    const std::string message = m_curl_error[0] ? m_curl_error : curl_easy_strerror(code);
    return classify_transport_error(code, message, m_what);
  }

  void run() {
    CURL* handle = m_handles.acquire();
    std::mt19937 random(std::random_device{}());
    int failures_without_progress = 0;
    int failures_total = 0;
    int attempts = 0;
    bool resent_with_fresh_credentials = false;
    std::optional<Error> outcome;
    for (;;) {
      const std::uint64_t before = m_delivered;
      ++attempts;
      outcome = attempt(handle);
      if (!outcome || !outcome->is_transient() || cancelled() || m_closed_seen) break;
      if (is_operator_fault(*outcome)) {
        // Waiting cannot fix a refused signature or policy, only new credentials can: send the request
        // once more if the environment has other ones now, else fail at once (the event is retried later).
        if (resent_with_fresh_credentials || !m_credentials.refresh()) break;
        resent_with_fresh_credentials = true;
        continue;
      }
      failures_without_progress = m_delivered > before ? 1 : failures_without_progress + 1;
      if (++failures_total >= m_settings.retry.max_attempts * 3 ||
          failures_without_progress >= m_settings.retry.max_attempts)
        break;
      // Full jitter backoff: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
      const int ceiling = std::min(m_settings.retry.max_delay_ms,
                                   m_settings.retry.base_delay_ms << std::min(failures_without_progress, 10));
      const auto delay = std::chrono::milliseconds(std::uniform_int_distribution<int>(0, ceiling)(random));
      std::unique_lock lock(m_mutex);
      if (m_changed.wait_for(lock, delay, [this] { return m_closed || cancelled(); })) break;
      lock.unlock();
      m_credentials.refresh();  // rotated meanwhile: sign the retry with the new ones
    }
    m_handles.release(handle);
    {
      std::lock_guard lock(m_mutex);
      if (outcome) {
        if (attempts > 1 && outcome->is_transient())
          outcome->message += " (after " + std::to_string(attempts) + " attempts)";
        m_failure = outcome;
      }
      m_finished = true;
    }
    m_changed.notify_all();
  }

  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self_pointer) {
    auto* self = static_cast<S3ObjectStream*>(self_pointer);
    const std::size_t bytes = size * count;
    const std::string_view line(data, bytes);
    if (line.rfind("HTTP/", 0) == 0) {
      self->m_attempt_headers = ObjectInfo{};
      self->m_error_headers = S3ErrorBody{};
      return bytes;
    }
    if (header_is(line, "etag"))
      self->m_attempt_headers.etag = strip_quotes(trim(line.substr(5)));
    else if (header_is(line, "x-amz-version-id"))
      self->m_attempt_headers.version_id = trim(line.substr(17));
    else if (header_is(line, "content-length")) {
      const std::string text = trim(line.substr(15));
      std::int64_t length = 0;
      if (std::from_chars(text.data(), text.data() + text.size(), length).ec == std::errc())
        self->m_attempt_headers.content_length = length;
    } else if (header_is(line, "content-encoding"))
      self->m_attempt_headers.content_encoding = trim(line.substr(17));
    else if (header_is(line, "x-amz-error-code"))  // HEAD answers carry no body to say why
      self->m_error_headers.code = trim(line.substr(17));
    else if (header_is(line, "x-amz-error-message"))
      self->m_error_headers.message = trim(line.substr(20));
    if (line == "\r\n" || line == "\n") return self->on_headers_complete() ? bytes : 0;
    return bytes;
  }

  // The end of a header block: decide whether this answer is the version we were asked for.
  bool on_headers_complete() {
    curl_easy_getinfo(m_handle_in_use, CURLINFO_RESPONSE_CODE, &m_status);
    if (m_status < 200 || m_status >= 300) return true;  // 1xx/3xx/4xx/5xx: body is an error document
    const auto& got = m_attempt_headers;
    const auto expected_etag = m_info.etag ? m_info.etag : m_object.etag;
    if (expected_etag && got.etag && *got.etag != *expected_etag) {
      // Some S3-compatible servers ignore If-Match: compare ourselves.
      m_superseded =
          permanent_error("superseded", m_what + " now has ETag " + *got.etag + ", not the event's " +
                                            *expected_etag + "; the newer version's own event loads it");
      return false;
    }
    if (m_object.version_id && got.version_id && *got.version_id != *m_object.version_id) {
      m_superseded = permanent_error("superseded", m_what + ": server returned version " + *got.version_id);
      return false;
    }
    if (m_delivered > 0 && m_status == 200) m_skip = m_delivered;  // Range ignored: skip what we already have
    if (!m_headers_ready) {
      std::lock_guard lock(m_mutex);
      m_info = got;
      if (!m_info.version_id && m_object.version_id) m_info.version_id = m_object.version_id;
      m_headers_ready = true;
      m_changed.notify_all();
    }
    return true;
  }

  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self_pointer) {
    auto* self = static_cast<S3ObjectStream*>(self_pointer);
    const std::size_t bytes = size * count;
    if (self->m_status < 200 || self->m_status >= 300) {
      const std::size_t room = MAX_ERROR_BODY - std::min(MAX_ERROR_BODY, self->m_error_body.size());
      self->m_error_body.append(data, std::min(room, bytes));
      return bytes;
    }
    std::string_view chunk(data, bytes);
    if (self->m_skip > 0) {
      const auto skipped = std::min<std::uint64_t>(self->m_skip, chunk.size());
      chunk.remove_prefix(static_cast<std::size_t>(skipped));
      self->m_skip -= skipped;
    }
    self->m_pending.append(chunk);
    self->m_delivered += chunk.size();
    if (self->m_pending.size() >= CHUNK_BYTES && !self->push_pending()) return 0;  // abort: reader gone
    return bytes;
  }

  static int on_progress(void* self_pointer, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t) {
    auto* self = static_cast<S3ObjectStream*>(self_pointer);
    if (self->cancelled()) return 1;
    const auto now = Clock::now();
    if (dlnow != self->m_last_dlnow) {
      self->m_last_dlnow = dlnow;
      self->m_last_progress = now;
    } else if (now - self->m_last_progress > std::chrono::milliseconds(self->m_settings.stall_timeout_ms)) {
      self->m_stalled = true;
      return 1;
    }
    return 0;
  }

  // Hands the pending bytes to the reader, waiting while the queue is full (back-pressure).
  bool push_pending() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_queue.size() < QUEUE_CHUNKS || m_closed || cancelled(); });
    if (m_closed) {
      m_closed_seen = true;
      return false;
    }
    m_queue.push_back(std::move(m_pending));
    m_pending = std::string();
    m_pending.reserve(CHUNK_BYTES + CURL_MAX_WRITE_SIZE);
    lock.unlock();
    m_changed.notify_all();
    // Time spent waiting for the reader is not a stall of the server.
    m_last_progress = Clock::now();
    return true;
  }

  void flush_pending() {
    if (!m_pending.empty()) push_pending();
  }

  const S3Settings& m_settings;
  CurlHandlePool& m_handles;
  CredentialSource& m_credentials;
  ObjectRef m_object;
  const CancelFlag* m_cancel;
  std::string m_what;

  std::thread m_thread;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::string> m_queue;
  bool m_closed = false;
  bool m_finished = false;
  bool m_headers_ready = false;
  std::optional<Error> m_failure;
  ObjectInfo m_info;

  // Transfer thread only.
  CURL* m_handle_in_use = nullptr;
  long m_status = 0;
  std::string m_error_body;
  S3ErrorBody m_error_headers;
  std::string m_pending;
  std::uint64_t m_skip = 0;
  ObjectInfo m_attempt_headers;
  std::optional<Error> m_superseded;
  bool m_stalled = false;
  bool m_closed_seen = false;
  Clock::time_point m_last_progress;
  curl_off_t m_last_dlnow = 0;
  char m_curl_error[CURL_ERROR_SIZE] = {};
  std::atomic<std::uint64_t> m_delivered{0};

  // Reader thread only.
  std::string m_current;
  std::size_t m_current_pos = 0;
};

}  // namespace

std::unique_ptr<ByteSource> open_object_stream(const S3Settings& settings, CurlHandlePool& handles,
                                               CredentialSource& credentials, const ObjectRef& object,
                                               const CancelFlag* cancel) {
  auto stream = std::make_unique<S3ObjectStream>(settings, handles, credentials, object, cancel);
  stream->start();
  return stream;
}

}  // namespace s3load
