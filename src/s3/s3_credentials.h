// The credentials S3 requests are signed with, re-read from the environment when S3 says they no longer
// work (rotated keys, a renewed session token), so a long-running serve or CLI process picks up new ones
// without a restart. The full AWS credential chain (profiles, IMDS, web identity) is not here.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "s3/s3_settings.h"

namespace s3load {

struct S3Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;

  bool operator==(const S3Credentials&) const = default;
};

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; nullopt when either key is missing.
std::optional<S3Credentials> credentials_from_environment(const EnvironmentLookup& lookup);

// Thread-safe: every stream of one S3Client shares it.
class CredentialSource {
 public:
  CredentialSource(S3Credentials initial, EnvironmentLookup lookup);

  S3Credentials current() const;

  // Re-reads the environment. Returns true when it holds other (complete) credentials than current(),
  // which then returns them; incomplete ones are ignored (the old ones are kept).
  bool refresh();

 private:
  EnvironmentLookup m_lookup;
  mutable std::mutex m_mutex;
  S3Credentials m_current;
};

}  // namespace s3load
