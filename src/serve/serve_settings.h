// Everything `s3load serve` is told: where to listen, the token, how many loads at once, limits.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "serve/listen_address.h"

namespace s3load::serve {

inline constexpr int DEFAULT_CONCURRENCY = 2;
inline constexpr int MAX_CONCURRENCY = 32;
// Ceph RGW posts one record per request and a notification is at most 64 KB; MinIO's are as small.
inline constexpr std::size_t DEFAULT_MAX_BODY_BYTES = 1u << 20;
inline constexpr std::chrono::milliseconds DEFAULT_SHUTDOWN_GRACE{20000};
// How long a request waits for a free worker before it is answered 503 (the sender retries).
inline constexpr std::chrono::milliseconds DEFAULT_WORKER_WAIT{10000};
// Connections served at once (each holds a thread); further ones wait in the listen backlog.
inline constexpr unsigned CONNECTION_LIMIT = 64;

struct ServeSettings {
  ListenAddress listen;
  bool allow_remote = false;
  std::string token;  // S3LOAD_SERVE_TOKEN; never logged
  int concurrency = DEFAULT_CONCURRENCY;
  std::chrono::milliseconds shutdown_grace = DEFAULT_SHUTDOWN_GRACE;
  std::chrono::milliseconds worker_wait = DEFAULT_WORKER_WAIT;
  std::size_t max_body_bytes = DEFAULT_MAX_BODY_BYTES;
};

// "20s", "500ms", "2m" or a plain number of seconds ("20"). Permanent error "bad_duration" otherwise.
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

// Checks what cannot be expressed in the types: a token, a sane concurrency, loopback unless allowed.
// Permanent errors with codes "no_token", "short_token", "bad_concurrency", "remote_not_allowed".
Result<ServeSettings> validate(ServeSettings settings);

}  // namespace s3load::serve
