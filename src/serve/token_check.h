// Who may push events to `s3load serve`: whoever presents the configured token (S3LOAD_SERVE_TOKEN).
//
// A sender may present it three ways, because S3-compatible servers differ in what they can send:
//   - `Authorization: Bearer <token>` (MinIO webhooks: notify_webhook auth_token),
//   - `?token=<token>` in the endpoint URL (Ceph RGW topics: push-endpoint; RGW sends no credentials),
//   - `opaqueData` in every record of the body (Ceph RGW topics: the OpaqueData attribute).
// Comparisons take the same time whatever the presented value, so a token cannot be guessed byte by byte.
// Presented values are never logged.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace s3load::serve {

// Fewer characters than this are refused at start-up: a token in a URL should not be guessable.
inline constexpr std::size_t MIN_TOKEN_LENGTH = 16;

struct Credentials {
  std::optional<std::string_view> authorization;  // the Authorization header, if any
  std::optional<std::string_view> query_token;    // the decoded ?token= value, if any
  std::string_view body;                          // the request body (JSON), for opaqueData
};

class TokenCheck {
 public:
  explicit TokenCheck(std::string_view token);

  // True when the value equals the token (constant time in the value's content).
  bool matches(std::string_view presented) const;
  // True when any of the three ways presents the token.
  bool authorized(const Credentials& credentials) const;

 private:
  std::array<unsigned char, 32> m_digest{};
};

// "Bearer <token>" (scheme case-insensitive) → the token; anything else → nullopt.
std::optional<std::string_view> bearer_token(std::string_view authorization);

// The opaqueData shared by every record of {"Records":[…]}; nullopt when the body is not JSON, has no
// records, or a record lacks it or carries a different value.
std::optional<std::string> records_opaque_data(std::string_view body);

}  // namespace s3load::serve
