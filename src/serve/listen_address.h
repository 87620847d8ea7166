// Where `s3load serve` listens: "ADDR:PORT" with a numeric IPv4 address, or "[ADDR]:PORT" with IPv6.
// Pure parsing; binding is the HTTP server's job.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace s3load::serve {

struct ListenAddress {
  std::string host;        // numeric, without brackets: "127.0.0.1", "::1"
  std::uint16_t port = 0;  // 0 lets the system pick a free port (logged at start-up)
  bool ipv6 = false;

  // True for 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104: only this machine can connect.
  bool is_loopback() const;
  // "127.0.0.1:8089" or "[::1]:8089" (with the given port, e.g. the one actually bound).
  std::string to_string(std::uint16_t actual_port) const;
  std::string to_string() const { return to_string(port); }
  // Fills a sockaddr_in or sockaddr_in6; returns its length.
  socklen_t to_sockaddr(sockaddr_storage& storage) const;
};

inline constexpr std::string_view DEFAULT_LISTEN = "127.0.0.1:8089";

// Errors are permanent, code "bad_listen_address", and say what form is expected.
Result<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace s3load::serve
