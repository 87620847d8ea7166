#include "serve/http_server.h"

#include <microhttpd.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "core/error.h"
#include "core/log.h"

namespace s3load::serve {

namespace {

using Clock = std::chrono::steady_clock;

// Paths are logged, but a path is chosen by the client: keep the line bounded.
constexpr std::size_t MAX_LOGGED_PATH = 200;

struct RequestState {
  RequestHead head;
  std::string body;
  Clock::time_point start = Clock::now();
  bool answered = false;
  bool too_large = false;   // a chunked body passed the limit: answered 413 once it is in
  std::size_t dropped = 0;  // bytes read and dropped after that
};

std::optional<std::string> lookup(MHD_Connection* connection, MHD_ValueKind kind, const char* name) {
  const char* value = MHD_lookup_connection_value(connection, kind, name);
  if (!value) return std::nullopt;
  return std::string(value);
}

std::optional<std::uint64_t> content_length(MHD_Connection* connection) {
  const auto text = lookup(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (!text) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc{} || end != text->data() + text->size()) return std::nullopt;
  return value;
}

void log_from_library(void* /*cls*/, const char* format, va_list arguments) {
  char text[512];
  std::vsnprintf(text, sizeof text, format, arguments);
  std::string message(text);
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r'))
    message.pop_back();
  log(LogLevel::warn, "http server: " + message);
}

}  // namespace

HttpResponse error_response(unsigned status, std::string code, std::string message) {
  HttpResponse response;
  response.status = status;
  response.body = {{"error", std::move(code)}, {"message", std::move(message)}};
  return response;
}

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler& handler;
  MHD_Daemon* daemon = nullptr;
  std::uint16_t port = 0;
  bool accepting = false;
  std::atomic<std::size_t> in_progress{0};

  Impl(HttpServerOptions server_options, HttpHandler& request_handler)
      : options(std::move(server_options)), handler(request_handler) {}

  MHD_Result answer(MHD_Connection* connection, RequestState& state, const HttpResponse& response) {
    state.answered = true;
    const std::string text =
        response.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    MHD_Response* reply =
        MHD_create_response_from_buffer(text.size(), const_cast<char*>(text.data()), MHD_RESPMEM_MUST_COPY);
    if (!reply) return MHD_NO;
    MHD_add_response_header(reply, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    for (const auto& [name, value] : response.headers)
      MHD_add_response_header(reply, name.c_str(), value.c_str());
    const MHD_Result queued = MHD_queue_response(connection, response.status, reply);
    MHD_destroy_response(reply);

    nlohmann::json fields = {
        {"method", state.head.method},
        {"path", state.head.path.substr(0, MAX_LOGGED_PATH)},
        {"status", response.status},
        {"duration_ms", std::chrono::duration<double, std::milli>(Clock::now() - state.start).count()}};
    for (const auto& [name, value] : response.log_fields.items())
      fields[name] = value;
    log(response.status >= 500 ? LogLevel::warn : LogLevel::info, "request", fields);
    return queued;
  }

  MHD_Result on_access(MHD_Connection* connection, const char* url, const char* method,
                       const char* upload_data, std::size_t* upload_data_size, void** context) {
    auto* state = static_cast<RequestState*>(*context);
    if (!state) {
      state = new RequestState;
      *context = state;
      in_progress.fetch_add(1);
      state->head.method = method;
      state->head.path = url;
      state->head.authorization = lookup(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
      state->head.query_token = lookup(connection, MHD_GET_ARGUMENT_KIND, "token");
      if (auto early = handler.on_headers(state->head)) return answer(connection, *state, *early);
      // Answered before the body is read: the library then closes the connection instead of reading it.
      if (const auto length = content_length(connection); length && *length > options.max_body_bytes)
        return answer(connection, *state, too_large());
      return MHD_YES;
    }
    if (*upload_data_size > 0) {
      if (!state->answered && !state->too_large &&
          state->body.size() + *upload_data_size <= options.max_body_bytes) {
        state->body.append(upload_data, *upload_data_size);
      } else if (!state->answered) {
        // A chunked body grew past the limit. The library can answer only once the body is in, so the rest
        // is read and dropped, up to the limit once more; a sender that goes on is cut off.
        state->too_large = true;
        state->body.clear();
        state->dropped += *upload_data_size;
        if (state->dropped > options.max_body_bytes) {
          log(LogLevel::warn, "request",
              {{"method", state->head.method},
               {"path", state->head.path.substr(0, MAX_LOGGED_PATH)},
               {"status", 413},
               {"error", "request body far exceeds " + std::to_string(options.max_body_bytes) +
                             " bytes; connection closed"}});
          state->answered = true;
          return MHD_NO;
        }
      }
      *upload_data_size = 0;
      return MHD_YES;
    }
    if (state->too_large && !state->answered) return answer(connection, *state, too_large());
    if (state->answered) return MHD_YES;
    HttpResponse response;
    try {
      response = handler.on_body(state->head, std::move(state->body));
    } catch (const std::exception& error) {
      log(LogLevel::error, "request handler failed", {{"error_message", error.what()}});
      response = error_response(500, "internal_error", "the request could not be handled; retry it");
    }
    return answer(connection, *state, response);
  }

  HttpResponse too_large() const {
    return error_response(413, "request_too_large",
                          "the request body exceeds " + std::to_string(options.max_body_bytes) + " bytes");
  }

  static MHD_Result access_callback(void* cls, MHD_Connection* connection, const char* url,
                                    const char* method, const char* /*version*/, const char* upload_data,
                                    std::size_t* upload_data_size, void** context) {
    return static_cast<Impl*>(cls)->on_access(connection, url, method, upload_data, upload_data_size,
                                              context);
  }

  static void completed_callback(void* cls, MHD_Connection* /*connection*/, void** context,
                                 MHD_RequestTerminationCode /*code*/) {
    auto* state = static_cast<RequestState*>(*context);
    if (!state) return;
    delete state;
    *context = nullptr;
    static_cast<Impl*>(cls)->in_progress.fetch_sub(1);
  }
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler& handler)
    : m_impl(std::make_unique<Impl>(std::move(options), handler)) {}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::start() {
  sockaddr_storage address{};
  m_impl->options.listen.to_sockaddr(address);
  unsigned flags =
      MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
  if (m_impl->options.listen.ipv6) flags |= MHD_USE_IPv6;
  m_impl->daemon = MHD_start_daemon(
      flags, m_impl->options.listen.port, nullptr, nullptr, &Impl::access_callback, m_impl.get(),
      MHD_OPTION_EXTERNAL_LOGGER, &log_from_library, nullptr, MHD_OPTION_SOCK_ADDR,
      reinterpret_cast<sockaddr*>(&address), MHD_OPTION_CONNECTION_LIMIT, m_impl->options.connection_limit,
      MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_NOTIFY_COMPLETED, &Impl::completed_callback,
      m_impl.get(), MHD_OPTION_END);
  if (!m_impl->daemon)
    throw Failure(permanent_error("listen_failed", "cannot listen on " + m_impl->options.listen.to_string() +
                                                       " (address in use or not available on this machine)"));
  const MHD_DaemonInfo* info = MHD_get_daemon_info(m_impl->daemon, MHD_DAEMON_INFO_BIND_PORT);
  m_impl->port = info ? info->port : m_impl->options.listen.port;
  m_impl->accepting = true;
}

std::uint16_t HttpServer::port() const {
  return m_impl->port;
}

void HttpServer::stop_accepting() {
  if (!m_impl->daemon || !m_impl->accepting) return;
  m_impl->accepting = false;
  const MHD_socket socket = MHD_quiesce_daemon(m_impl->daemon);
  if (socket != MHD_INVALID_SOCKET) close(socket);
}

std::size_t HttpServer::requests_in_progress() const {
  return m_impl->in_progress.load();
}

void HttpServer::stop() {
  if (!m_impl->daemon) return;
  MHD_stop_daemon(m_impl->daemon);
  m_impl->daemon = nullptr;
}

}  // namespace s3load::serve
