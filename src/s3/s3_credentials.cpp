#include "s3/s3_credentials.h"

namespace s3load {

std::optional<S3Credentials> credentials_from_environment(const EnvironmentLookup& lookup) {
  auto access_key = lookup("AWS_ACCESS_KEY_ID");
  auto secret_key = lookup("AWS_SECRET_ACCESS_KEY");
  if (!access_key || !secret_key) return std::nullopt;
  return S3Credentials{std::move(*access_key), std::move(*secret_key), lookup("AWS_SESSION_TOKEN")};
}

CredentialSource::CredentialSource(S3Credentials initial, EnvironmentLookup lookup)
    : m_lookup(std::move(lookup)), m_current(std::move(initial)) {}

S3Credentials CredentialSource::current() const {
  std::lock_guard lock(m_mutex);
  return m_current;
}

bool CredentialSource::refresh() {
  auto fresh = m_lookup ? credentials_from_environment(m_lookup) : std::nullopt;
  std::lock_guard lock(m_mutex);
  if (!fresh || *fresh == m_current) return false;
  m_current = std::move(*fresh);
  return true;
}

}  // namespace s3load
