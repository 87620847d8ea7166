// A test-only TCP proxy on 127.0.0.1 that injects scripted faults between s3load and a server (the
// local Ceph RGW or PostgreSQL). It runs in threads of the test process; point s3load at port() instead
// of the server (AWS_ENDPOINT_URL_S3 = url(), or the database URL's port).
//
// Contract:
// - Each accepted connection takes the next step of the script (script()), in accept order; once the
//   script is used up, connections pass through untouched. A step's fault fires once its trigger is
//   reached: `after_bytes` bytes forwarded in `direction` (for to_client with `after_http_head`, bytes of
//   the first response's body, i.e. after its header block), or, when `after_pattern` is set, the first
//   occurrence of that byte sequence forwarded in `direction` (e.g. a plain-text PostgreSQL "COMMIT"
//   query). Exactly the bytes up to the trigger are forwarded before the fault, whatever the chunking.
// - reset: both sockets are closed with SO_LINGER 0, so each peer gets a TCP RST.
//   close: both sockets are closed normally (FIN): a body shorter than its Content-Length.
//   stall: nothing more is forwarded to the client; the connection stays open until the client closes it.
//   answer: the client's first request head is read, `answer` is written back and the connection is
//   closed; nothing reaches the server (for "the first N requests get a 503").
//   lose_answer (direction to_server): the request up to the trigger reaches the server, which then sees
//   the client hang up; once the server has closed its end (so it has acted on the request), the client
//   gets a reset and never hears the answer (for "the COMMIT's outcome is unknown").
// - With Protocol::http the proxy records each request head the client sends (it assumes requests
//   without bodies, which is all s3load sends to S3), so tests can check Range and If-Match on retries.
// - The destructor stops accepting, closes every connection and joins every thread. Never throws after
//   construction; the constructor throws std::runtime_error when it cannot listen.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace s3load::testing {

enum class FaultKind { pass, reset, close, stall, answer, lose_answer };
enum class Direction { to_client, to_server };
enum class Protocol { http, tcp };

struct Fault {
  FaultKind kind = FaultKind::pass;
  Direction direction = Direction::to_client;
  std::uint64_t after_bytes = 0;
  bool after_http_head = false;  // to_client only: count body bytes of the first response
  std::string answer;            // FaultKind::answer: the raw HTTP response
  std::string after_pattern;     // when set, the trigger instead of after_bytes
  // With after_pattern: the pattern itself is not forwarded (only the bytes before it), so the server
  // never reads, e.g., the COMMIT the client sent.
  bool drop_pattern = false;
};

// What happened on one accepted connection.
struct ConnectionRecord {
  FaultKind kind = FaultKind::pass;
  bool fired = false;
  std::vector<std::string> request_heads;  // Protocol::http: each request head, "\r\n"-separated lines
  std::uint64_t bytes_to_server = 0;
  std::uint64_t bytes_to_client = 0;
};

class FaultProxy {
 public:
  FaultProxy(std::string upstream_host, int upstream_port, Protocol protocol);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return m_port; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

  // Replaces the script: the next accepted connections take these steps in order.
  void script(std::vector<Fault> steps);

  std::size_t connections() const;
  std::size_t faults_fired() const;
  std::vector<ConnectionRecord> records() const;

 private:
  struct Connection;
  void accept_loop();
  void serve(std::shared_ptr<Connection> connection);
  bool forward(Connection& connection, int from, int to, Direction direction);
  void lose_answer(Connection& connection);
  void record_request_bytes(Connection& connection, std::string_view bytes);

  std::string m_upstream_host;
  int m_upstream_port;
  Protocol m_protocol;
  int m_listen_fd = -1;
  int m_port = 0;
  int m_wake[2] = {-1, -1};  // written once at shutdown: every poll() also watches the read end
  std::atomic<bool> m_stopping{false};

  mutable std::mutex m_mutex;
  std::vector<Fault> m_script;
  std::size_t m_next_step = 0;
  std::vector<std::shared_ptr<Connection>> m_connections;
  std::vector<std::thread> m_threads;
  std::thread m_acceptor;
};

// An S3 error answer as the gateway would send it (XML body, Connection: close), e.g.
// s3_error_answer(503, "Service Unavailable", "SlowDown", "Please reduce your request rate.").
std::string s3_error_answer(int status, std::string_view reason, std::string_view code,
                            std::string_view message);

// "http://127.0.0.1:57480" → {"127.0.0.1", 57480}; the host and port of a URL (libpq URIs included:
// "postgresql://user:password@127.0.0.1:55432/db" → {"127.0.0.1", 55432}).
struct HostPort {
  std::string host;
  int port = 0;
};
HostPort host_port_of(std::string_view url);

// The same URL with another port ("postgresql://u:p@127.0.0.1:55432/db" → "…@127.0.0.1:PORT/db").
std::string with_port(std::string_view url, int port);

}  // namespace s3load::testing
