#include "serve/listen_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

namespace s3load::serve {

namespace {

Error bad_address(std::string_view text, std::string_view why) {
  return permanent_error("bad_listen_address",
                         "--listen \"" + std::string(text) + "\": " + std::string(why) +
                             "; expected ADDR:PORT such as 127.0.0.1:8089 or [::1]:8089");
}

}  // namespace

bool ListenAddress::is_loopback() const {
  if (ipv6) {
    in6_addr address{};
    if (inet_pton(AF_INET6, host.c_str(), &address) != 1) return false;
    if (IN6_IS_ADDR_LOOPBACK(&address)) return true;
    return IN6_IS_ADDR_V4MAPPED(&address) && address.s6_addr[12] == 127;
  }
  in_addr address{};
  if (inet_pton(AF_INET, host.c_str(), &address) != 1) return false;
  return (ntohl(address.s_addr) >> 24) == 127;
}

std::string ListenAddress::to_string(std::uint16_t actual_port) const {
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(actual_port);
}

socklen_t ListenAddress::to_sockaddr(sockaddr_storage& storage) const {
  std::memset(&storage, 0, sizeof storage);
  if (ipv6) {
    auto* address = reinterpret_cast<sockaddr_in6*>(&storage);
    address->sin6_family = AF_INET6;
    address->sin6_port = htons(port);
    inet_pton(AF_INET6, host.c_str(), &address->sin6_addr);
    return sizeof(sockaddr_in6);
  }
  auto* address = reinterpret_cast<sockaddr_in*>(&storage);
  address->sin_family = AF_INET;
  address->sin_port = htons(port);
  inet_pton(AF_INET, host.c_str(), &address->sin_addr);
  return sizeof(sockaddr_in);
}

Result<ListenAddress> parse_listen_address(std::string_view text) {
  ListenAddress result;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return bad_address(text, "missing ']' after an IPv6 address");
    if (close + 1 >= text.size() || text[close + 1] != ':') return bad_address(text, "missing :PORT");
    result.host = std::string(text.substr(1, close - 1));
    result.ipv6 = true;
    port_text = text.substr(close + 2);
    in6_addr address{};
    if (inet_pton(AF_INET6, result.host.c_str(), &address) != 1)
      return bad_address(text, "\"" + result.host + "\" is not a numeric IPv6 address");
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad_address(text, "missing :PORT");
    result.host = std::string(text.substr(0, colon));
    if (result.host.find(':') != std::string::npos)
      return bad_address(text, "write an IPv6 address in brackets");
    port_text = text.substr(colon + 1);
    in_addr address{};
    if (inet_pton(AF_INET, result.host.c_str(), &address) != 1)
      return bad_address(text, "\"" + result.host + "\" is not a numeric IPv4 address");
  }
  unsigned port = 0;
  const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc{} || end != port_text.data() + port_text.size() || port > 65535)
    return bad_address(text, "the port must be a number from 0 to 65535");
  result.port = static_cast<std::uint16_t>(port);
  return result;
}

}  // namespace s3load::serve
