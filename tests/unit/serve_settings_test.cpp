// The pure parts of `s3load serve`: listen addresses, durations, start-up checks, tokens and routes.
#include "serve/serve_settings.h"

#include <gtest/gtest.h>

#include "serve/event_endpoint.h"
#include "serve/listen_address.h"
#include "serve/token_check.h"

namespace s3load::serve {
namespace {

TEST(ServeListenAddress, ParsesIpv4AndBracketedIpv6) {
  const auto v4 = parse_listen_address("127.0.0.1:8089");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8089);
  EXPECT_FALSE(v4->ipv6);
  EXPECT_EQ(v4->to_string(), "127.0.0.1:8089");

  const auto v6 = parse_listen_address("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  EXPECT_TRUE(v6->ipv6);
  EXPECT_EQ(v6->to_string(45123), "[::1]:45123");
}

TEST(ServeListenAddress, RejectsWhatIsNotANumericAddressAndPort) {
  const std::pair<const char*, const char*> cases[] = {
      {"localhost:8089", "\"localhost\" is not a numeric IPv4 address"},
      {"127.0.0.1", "missing :PORT"},
      {"127.0.0.1:", "the port must be a number from 0 to 65535"},
      {"127.0.0.1:65536", "the port must be a number from 0 to 65535"},
      {"127.0.0.1:80x", "the port must be a number from 0 to 65535"},
      {"::1:8089", "write an IPv6 address in brackets"},
      {"[::1:8089", "missing ']' after an IPv6 address"},
      {"[::1]8089", "missing :PORT"},
      {"[::zz]:1", "\"::zz\" is not a numeric IPv6 address"},
  };
  for (const auto& [text, why] : cases) {
    const auto parsed = parse_listen_address(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, "bad_listen_address");
    EXPECT_EQ(parsed.error().message, "--listen \"" + std::string(text) + "\": " + why +
                                          "; expected ADDR:PORT such as 127.0.0.1:8089 or [::1]:8089");
  }
}

TEST(ServeListenAddress, KnowsLoopbackAddresses) {
  for (const char* text : {"127.0.0.1:1", "127.255.0.9:1", "[::1]:1", "[::ffff:127.0.0.1]:1"})
    EXPECT_TRUE(parse_listen_address(text)->is_loopback()) << text;
  for (const char* text : {"0.0.0.0:1", "10.0.0.1:1", "[::]:1", "[fe80::1]:1", "[::ffff:10.0.0.1]:1"})
    EXPECT_FALSE(parse_listen_address(text)->is_loopback()) << text;
}

TEST(ServeSettings, ParsesDurations) {
  EXPECT_EQ(*parse_duration("20s"), std::chrono::milliseconds(20000));
  EXPECT_EQ(*parse_duration("500ms"), std::chrono::milliseconds(500));
  EXPECT_EQ(*parse_duration("2m"), std::chrono::milliseconds(120000));
  EXPECT_EQ(*parse_duration("7"), std::chrono::milliseconds(7000));
  EXPECT_EQ(*parse_duration("0s"), std::chrono::milliseconds(0));
  for (const char* text : {"", "s", "-1s", "1h", "1.5s", "twenty"}) {
    const auto parsed = parse_duration(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().message,
              "\"" + std::string(text) + "\" is not a duration; write e.g. 20s, 500ms or 2m");
  }
}

ServeSettings valid_settings() {
  ServeSettings settings;
  settings.listen = *parse_listen_address(DEFAULT_LISTEN);
  settings.token = "0123456789abcdef";
  return settings;
}

TEST(ServeSettings, ValidatesTokenConcurrencyAndRemoteAddresses) {
  EXPECT_TRUE(validate(valid_settings()).ok());

  auto no_token = valid_settings();
  no_token.token.clear();
  EXPECT_EQ(validate(no_token).error().code, "no_token");

  auto short_token = valid_settings();
  short_token.token = "0123456789abcde";
  EXPECT_EQ(validate(short_token).error().code, "short_token");

  auto concurrency = valid_settings();
  concurrency.concurrency = 0;
  EXPECT_EQ(validate(concurrency).error().message, "--concurrency must be from 1 to 32, not 0");
  concurrency.concurrency = 33;
  EXPECT_EQ(validate(concurrency).error().code, "bad_concurrency");

  auto remote = valid_settings();
  remote.listen = *parse_listen_address("0.0.0.0:8089");
  EXPECT_EQ(validate(remote).error().code, "remote_not_allowed");
  remote.allow_remote = true;
  EXPECT_TRUE(validate(remote).ok());
}

TEST(ServeToken, MatchesOnlyTheExactToken) {
  const TokenCheck check("secret-token-0123456789");
  EXPECT_TRUE(check.matches("secret-token-0123456789"));
  EXPECT_FALSE(check.matches("secret-token-012345678"));
  EXPECT_FALSE(check.matches("secret-token-01234567890"));
  EXPECT_FALSE(check.matches("Secret-token-0123456789"));
  EXPECT_FALSE(check.matches(""));
}

TEST(ServeToken, ReadsBearerCredentials) {
  EXPECT_EQ(bearer_token("Bearer abc"), std::optional<std::string_view>("abc"));
  EXPECT_EQ(bearer_token("bearer  abc "), std::optional<std::string_view>("abc"));
  EXPECT_EQ(bearer_token("Basic abc"), std::nullopt);
  EXPECT_EQ(bearer_token("Bearer "), std::nullopt);
  EXPECT_EQ(bearer_token("abc"), std::nullopt);
}

TEST(ServeToken, OpaqueDataMustBeTheSameInEveryRecord) {
  EXPECT_EQ(records_opaque_data(R"({"Records":[{"opaqueData":"t"}]})"), "t");
  EXPECT_EQ(records_opaque_data(R"({"Records":[{"opaqueData":"t"},{"opaqueData":"t"}]})"), "t");
  EXPECT_EQ(records_opaque_data(R"({"Records":[{"opaqueData":"t"},{"opaqueData":"u"}]})"), std::nullopt);
  EXPECT_EQ(records_opaque_data(R"({"Records":[{"opaqueData":"t"},{}]})"), std::nullopt);
  EXPECT_EQ(records_opaque_data(R"({"Records":[]})"), std::nullopt);
  EXPECT_EQ(records_opaque_data(R"({"Records":[{"opaqueData":7}]})"), std::nullopt);
  EXPECT_EQ(records_opaque_data("not json"), std::nullopt);
}

TEST(ServeToken, AnyOfTheThreePlacesAuthorizes) {
  const std::string token = "secret-token-0123456789";
  const TokenCheck check(token);
  const std::string header = "Bearer " + token;
  const std::string body = R"({"Records":[{"opaqueData":")" + token + R"("}]})";
  EXPECT_TRUE(check.authorized({.authorization = header}));
  EXPECT_TRUE(check.authorized({.query_token = token}));
  EXPECT_TRUE(check.authorized({.body = body}));
  EXPECT_TRUE(check.authorized({.authorization = "Bearer wrong", .body = body}));
  EXPECT_FALSE(check.authorized({}));
  EXPECT_FALSE(check.authorized({.authorization = "Bearer wrong", .query_token = "wrong"}));
  EXPECT_FALSE(check.authorized({.body = R"({"Records":[{"opaqueData":""}]})"}));
}

TEST(ServeRoutes, PostEventsGetHealthzAndNothingElse) {
  EXPECT_EQ(route("POST", "/"), Route::events);
  EXPECT_EQ(route("POST", "/events"), Route::events);
  EXPECT_EQ(route("GET", "/events"), Route::method_not_allowed);
  EXPECT_EQ(route("PUT", "/"), Route::method_not_allowed);
  EXPECT_EQ(route("GET", "/healthz"), Route::healthz);
  EXPECT_EQ(route("HEAD", "/healthz"), Route::healthz);
  EXPECT_EQ(route("POST", "/healthz"), Route::method_not_allowed);
  EXPECT_EQ(route("POST", "/events/"), Route::not_found);
  EXPECT_EQ(route("GET", "/other"), Route::not_found);
}

}  // namespace
}  // namespace s3load::serve
