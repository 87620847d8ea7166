// A tiny HTTP/1.1 server for tests, on 127.0.0.1 and a port the kernel picks. One thread per connection,
// one request per connection ("Connection: close"), whole bodies (Content-Length only). Enough to stand
// in for the Lambda Runtime API and the Parameters and Secrets extension; never for production use.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace s3load::testing {

struct TestHttpRequest {
  std::string method;
  std::string target;                          // path and query, as sent
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  int fd = -1;  // the connection, for handlers that wait: see peer_gone()

  // Whether the client has closed the connection (a waiting handler must not hand it anything then).
  bool peer_gone() const {
    char byte;
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

  std::string path() const { return target.substr(0, target.find('?')); }
  std::string query() const {
    const auto mark = target.find('?');
    return mark == std::string::npos ? "" : target.substr(mark + 1);
  }
  std::string header(const std::string& lower_name) const {
    const auto found = headers.find(lower_name);
    return found == headers.end() ? "" : found->second;
  }
};

struct TestHttpResponse {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class TestHttpServer {
 public:
  using Handler = std::function<TestHttpResponse(const TestHttpRequest&)>;

  explicit TestHttpServer(Handler handler) : m_handler(std::move(handler)) {
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listener < 0) throw std::runtime_error("socket failed");
    const int one = 1;
    ::setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(m_listener, 64) != 0)
      throw std::runtime_error("bind/listen on 127.0.0.1 failed");
    socklen_t length = sizeof address;
    ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_accepter = std::thread([this] { accept_loop(); });
  }

  // Handlers that block must return once the test stops waiting (see FakeRuntimeApi::stop).
  ~TestHttpServer() {
    m_stopping = true;
    m_accepter.join();
    ::close(m_listener);
    std::vector<std::thread> connections;
    {
      std::lock_guard lock(m_mutex);
      connections.swap(m_connections);
    }
    for (auto& connection : connections)
      connection.join();
  }

  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  int port() const { return m_port; }

 private:
  void accept_loop() {
    while (!m_stopping) {
      pollfd fd{m_listener, POLLIN, 0};
      if (::poll(&fd, 1, 50) <= 0) continue;  // wakes up regularly to see m_stopping
      const int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      std::lock_guard lock(m_mutex);
      m_connections.emplace_back([this, client] { serve(client); });
    }
  }

  // Reads one request (headers, then Content-Length bytes); false when the peer went away.
  bool read_request(int client, TestHttpRequest& request) {
    std::string data;
    char buffer[65536];
    std::size_t header_end = std::string::npos;
    while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) return false;
      data.append(buffer, static_cast<std::size_t>(n));
    }
    std::size_t line_end = data.find("\r\n");
    const std::string request_line = data.substr(0, line_end);
    const auto first_space = request_line.find(' ');
    const auto second_space = request_line.find(' ', first_space + 1);
    request.method = request_line.substr(0, first_space);
    request.target = request_line.substr(first_space + 1, second_space - first_space - 1);
    std::size_t position = line_end + 2;
    while (position < header_end) {
      line_end = data.find("\r\n", position);
      const std::string line = data.substr(position, line_end - position);
      position = line_end + 2;
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (auto& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ')
        value.erase(0, 1);
      request.headers[name] = value;
    }
    const std::size_t length =
        request.headers.count("content-length") ? std::stoul(request.headers["content-length"]) : 0;
    request.body = data.substr(header_end + 4);
    while (request.body.size() < length) {
      const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) return false;
      request.body.append(buffer, static_cast<std::size_t>(n));
    }
    request.body.resize(length);
    return true;
  }

  static const char* reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 202:
        return "Accepted";
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 404:
        return "Not Found";
      case 413:
        return "Payload Too Large";
      default:
        return status >= 500 ? "Server Error" : "Status";
    }
  }

  void serve(int client) {
    timeval timeout{10, 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    TestHttpRequest request;
    request.fd = client;
    if (read_request(client, request)) {
      const TestHttpResponse response = m_handler(request);
      std::string text =
          "HTTP/1.1 " + std::to_string(response.status) + " " + reason(response.status) + "\r\n";
      for (const auto& [name, value] : response.headers)
        text += name + ": " + value + "\r\n";
      text += "Content-Length: " + std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n";
      text += response.body;
      std::size_t sent = 0;
      while (sent < text.size()) {
        const ssize_t n = ::send(client, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
    }
    ::close(client);
  }

  Handler m_handler;
  int m_listener = -1;
  int m_port = 0;
  std::atomic<bool> m_stopping{false};
  std::mutex m_mutex;
  std::vector<std::thread> m_connections;
  std::thread m_accepter;
};

}  // namespace s3load::testing
