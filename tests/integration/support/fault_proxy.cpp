#include "support/fault_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <stdexcept>

namespace s3load::testing {

namespace {

constexpr std::size_t BUFFER_BYTES = 64 * 1024;
constexpr std::string_view HEAD_END = "\r\n\r\n";

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

int connect_to(const std::string& host, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1 ||
      ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace

struct FaultProxy::Connection {
  Fault fault;
  std::mutex
      mutex;  // guards the descriptors (closed by the connection's thread, shut down at stop) and record
  int client = -1;
  int server = -1;
  ConnectionRecord record;

  // Connection thread only.
  std::uint64_t counted = 0;   // bytes counted towards the trigger
  bool head_passed = false;    // after_http_head: the first response head has gone through
  std::string head_window;     // the last bytes of the response so far, to find its end across reads
  std::string pattern_window;  // the last bytes forwarded, to find after_pattern across reads
  std::string request_bytes;   // Protocol::http: the request head being received
  bool stalled = false;

  void close_sockets(bool reset) {
    std::lock_guard lock(mutex);
    for (int* fd : {&client, &server}) {
      if (*fd < 0) continue;
      if (reset) {
        const linger abort_on_close{1, 0};
        ::setsockopt(*fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
      }
      ::close(*fd);
      *fd = -1;
    }
  }
};

FaultProxy::FaultProxy(std::string upstream_host, int upstream_port, Protocol protocol)
    : m_upstream_host(std::move(upstream_host)), m_upstream_port(upstream_port), m_protocol(protocol) {
  if (::pipe2(m_wake, O_CLOEXEC) != 0) throw std::runtime_error("fault proxy: pipe failed");
  m_listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (m_listen_fd < 0 ||
      ::bind(m_listen_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(m_listen_fd, 64) != 0 ||
      ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (m_listen_fd >= 0) ::close(m_listen_fd);
    ::close(m_wake[0]);
    ::close(m_wake[1]);
    throw std::runtime_error("fault proxy: cannot listen on 127.0.0.1");
  }
  m_port = ntohs(address.sin_port);
  m_acceptor = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
  m_stopping = true;
  const char byte = 1;
  [[maybe_unused]] const auto written = ::write(m_wake[1], &byte, 1);
  m_acceptor.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(m_mutex);
    // Unblocks a thread stuck in send() to a peer that stopped reading.
    for (const auto& connection : m_connections) {
      std::lock_guard connection_lock(connection->mutex);
      if (connection->client >= 0) ::shutdown(connection->client, SHUT_RDWR);
      if (connection->server >= 0) ::shutdown(connection->server, SHUT_RDWR);
    }
    threads = std::move(m_threads);
  }
  for (auto& thread : threads)
    thread.join();
  ::close(m_listen_fd);
  ::close(m_wake[0]);
  ::close(m_wake[1]);
}

void FaultProxy::script(std::vector<Fault> steps) {
  std::lock_guard lock(m_mutex);
  m_script = std::move(steps);
  m_next_step = 0;
}

std::size_t FaultProxy::connections() const {
  std::lock_guard lock(m_mutex);
  return m_connections.size();
}

std::size_t FaultProxy::faults_fired() const {
  std::size_t fired = 0;
  for (const auto& record : records())
    fired += record.fired ? 1 : 0;
  return fired;
}

std::vector<ConnectionRecord> FaultProxy::records() const {
  std::vector<std::shared_ptr<Connection>> connections;
  {
    std::lock_guard lock(m_mutex);
    connections = m_connections;
  }
  std::vector<ConnectionRecord> records;
  for (const auto& connection : connections) {
    std::lock_guard lock(connection->mutex);
    records.push_back(connection->record);
  }
  return records;
}

void FaultProxy::accept_loop() {
  while (!m_stopping) {
    pollfd fds[2] = {{m_listen_fd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents) return;
    if (!fds[0].revents) continue;
    const int client = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    const int one = 1;
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto connection = std::make_shared<Connection>();
    connection->client = client;
    std::lock_guard lock(m_mutex);
    if (m_next_step < m_script.size()) connection->fault = m_script[m_next_step++];
    connection->record.kind = connection->fault.kind;
    m_connections.push_back(connection);
    m_threads.emplace_back([this, connection] { serve(connection); });
  }
}

void FaultProxy::serve(std::shared_ptr<Connection> connection) {
  Connection& c = *connection;
  char buffer[BUFFER_BYTES];

  if (c.fault.kind == FaultKind::answer) {
    // Read the request head, answer it ourselves, close.
    for (;;) {
      pollfd fds[2] = {{c.client, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0) continue;
      if (fds[1].revents) break;
      const ssize_t n = ::recv(c.client, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      record_request_bytes(c, std::string_view(buffer, static_cast<std::size_t>(n)));
      bool complete = false;
      {
        std::lock_guard lock(c.mutex);
        c.record.bytes_to_server += static_cast<std::uint64_t>(n);
        complete = !c.record.request_heads.empty();
      }
      if (complete) {
        send_all(c.client, c.fault.answer.data(), c.fault.answer.size());
        std::lock_guard lock(c.mutex);
        c.record.fired = true;
        c.record.bytes_to_client += c.fault.answer.size();
        break;
      }
    }
    c.close_sockets(false);
    return;
  }

  const int server = connect_to(m_upstream_host, m_upstream_port);
  {
    std::lock_guard lock(c.mutex);
    c.server = server;
  }
  if (server < 0) {
    c.close_sockets(false);
    return;
  }
  for (;;) {
    pollfd fds[3] = {{c.client, POLLIN, 0}, {m_wake[0], POLLIN, 0}, {c.server, POLLIN, 0}};
    const nfds_t count = c.stalled ? 2 : 3;  // a stalled connection sends nothing more to the client
    if (::poll(fds, count, -1) < 0) continue;
    if (fds[1].revents) break;
    if (fds[0].revents && !forward(c, c.client, c.server, Direction::to_server)) break;
    if (count == 3 && fds[2].revents && !forward(c, c.server, c.client, Direction::to_client)) break;
  }
  c.close_sockets(false);
}

// Forwards one read's worth from `from` to `to`, firing the fault when its trigger is reached.
// Returns false when the connection is over.
bool FaultProxy::forward(Connection& c, int from, int to, Direction direction) {
  char buffer[BUFFER_BYTES];
  const ssize_t received = ::recv(from, buffer, sizeof buffer, 0);
  if (received <= 0) return false;
  std::size_t size = static_cast<std::size_t>(received);
  if (direction == Direction::to_server && m_protocol == Protocol::http)
    record_request_bytes(c, std::string_view(buffer, size));

  bool fire_now = false;
  const bool armed = c.fault.kind != FaultKind::pass && c.fault.kind != FaultKind::answer &&
                     c.fault.direction == direction && !c.stalled;
  if (armed) {
    std::size_t free_bytes = 0;  // bytes of the response head, which do not count
    if (c.fault.after_http_head && !c.head_passed) {
      const std::size_t window_before = c.head_window.size();
      c.head_window.append(buffer, size);
      const auto end = c.head_window.find(HEAD_END);
      if (end == std::string::npos) {
        free_bytes = size;
        c.head_window.erase(0, c.head_window.size() > 3 ? c.head_window.size() - 3 : 0);
      } else {
        free_bytes = end + HEAD_END.size() - window_before;
        c.head_passed = true;
      }
    }
    const std::uint64_t counting = size - free_bytes;
    const std::uint64_t remaining = c.fault.after_bytes - c.counted;
    if (!c.fault.after_pattern.empty()) {
      const std::string& pattern = c.fault.after_pattern;
      const std::size_t window_before = c.pattern_window.size();
      c.pattern_window.append(buffer, size);
      const auto at = c.pattern_window.find(pattern);
      if (at != std::string::npos) {
        const std::size_t end = c.fault.drop_pattern ? at : at + pattern.size();
        size = end > window_before ? end - window_before : 0;
        fire_now = true;
      } else if (c.pattern_window.size() >= pattern.size()) {
        c.pattern_window.erase(0, c.pattern_window.size() - (pattern.size() - 1));
      }
    } else if ((!c.fault.after_http_head || c.head_passed) && counting >= remaining) {
      size = free_bytes + static_cast<std::size_t>(remaining);
      c.counted = c.fault.after_bytes;
      fire_now = true;
    } else {
      c.counted += counting;
    }
  }
  const bool sent = send_all(to, buffer, size);
  {
    std::lock_guard lock(c.mutex);
    (direction == Direction::to_server ? c.record.bytes_to_server : c.record.bytes_to_client) += size;
  }
  if (!sent) return false;
  if (!fire_now) return true;
  {
    std::lock_guard lock(c.mutex);
    c.record.fired = true;
  }
  switch (c.fault.kind) {
    case FaultKind::reset:
      c.close_sockets(true);
      return false;
    case FaultKind::close:
      c.close_sockets(false);
      return false;
    case FaultKind::stall:
      c.stalled = true;
      return true;
    case FaultKind::lose_answer:
      lose_answer(c);
      return false;
    case FaultKind::pass:
    case FaultKind::answer:
      break;
  }
  return true;
}

void FaultProxy::lose_answer(Connection& c) {
  {
    std::lock_guard lock(c.mutex);
    if (c.server >= 0) ::shutdown(c.server, SHUT_WR);
  }
  // Wait (bounded) until the server has closed its end: it has then acted on everything it was sent.
  char buffer[BUFFER_BYTES];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fds[2] = {{c.server, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
    if (::poll(fds, 2, 1000) < 0) continue;
    if (fds[1].revents) break;
    if (fds[0].revents && ::recv(c.server, buffer, sizeof buffer, 0) <= 0) break;
  }
  c.close_sockets(true);
}

void FaultProxy::record_request_bytes(Connection& c, std::string_view bytes) {
  c.request_bytes.append(bytes);
  for (auto end = c.request_bytes.find(HEAD_END); end != std::string::npos;
       end = c.request_bytes.find(HEAD_END)) {
    std::lock_guard lock(c.mutex);
    c.record.request_heads.push_back(c.request_bytes.substr(0, end));
    c.request_bytes.erase(0, end + HEAD_END.size());
  }
}

std::string s3_error_answer(int status, std::string_view reason, std::string_view code,
                            std::string_view message) {
  const std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + std::string(code) +
                           "</Code><Message>" + std::string(message) +
                           "</Message><RequestId>fault-proxy</RequestId></Error>";
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
         "\r\nContent-Type: application/xml\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

HostPort host_port_of(std::string_view url) {
  auto start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  const auto at = url.find('@', start);
  const auto slash = url.find('/', start);
  if (at != std::string_view::npos && (slash == std::string_view::npos || at < slash)) start = at + 1;
  const auto end = std::min(url.find_first_of("/?", start), url.size());
  const auto authority = url.substr(start, end - start);
  const auto colon = authority.rfind(':');
  HostPort result;
  result.host = std::string(authority.substr(0, colon));
  if (colon != std::string_view::npos) {
    const auto digits = authority.substr(colon + 1);
    std::from_chars(digits.data(), digits.data() + digits.size(), result.port);
  }
  return result;
}

std::string with_port(std::string_view url, int port) {
  const auto endpoint = host_port_of(url);
  const std::string old_authority = endpoint.host + ":" + std::to_string(endpoint.port);
  const auto at = url.find(old_authority);
  if (at == std::string_view::npos) throw std::runtime_error("no host:port in " + std::string(url));
  return std::string(url.substr(0, at)) + endpoint.host + ":" + std::to_string(port) +
         std::string(url.substr(at + old_authority.size()));
}

}  // namespace s3load::testing
