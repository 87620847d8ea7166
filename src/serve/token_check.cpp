#include "serve/token_check.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <nlohmann/json.hpp>

namespace s3load::serve {

namespace {

std::array<unsigned char, 32> sha256(std::string_view text) {
  std::array<unsigned char, 32> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return digest;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

TokenCheck::TokenCheck(std::string_view token) : m_digest(sha256(token)) {}

bool TokenCheck::matches(std::string_view presented) const {
  // Comparing fixed-size digests hides the token's length as well as its content.
  const auto digest = sha256(presented);
  return CRYPTO_memcmp(digest.data(), m_digest.data(), digest.size()) == 0;
}

bool TokenCheck::authorized(const Credentials& credentials) const {
  if (credentials.authorization) {
    if (const auto token = bearer_token(*credentials.authorization); token && matches(*token)) return true;
  }
  if (credentials.query_token && matches(*credentials.query_token)) return true;
  if (const auto opaque = records_opaque_data(credentials.body); opaque && matches(*opaque)) return true;
  return false;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view SCHEME = "bearer ";
  if (authorization.size() <= SCHEME.size() || !iequals(authorization.substr(0, SCHEME.size()), SCHEME))
    return std::nullopt;
  std::string_view token = authorization.substr(SCHEME.size());
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t'))
    token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

std::optional<std::string> records_opaque_data(std::string_view body) {
  const auto document = nlohmann::json::parse(body, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return std::nullopt;
  const auto records = document.find("Records");
  if (records == document.end() || !records->is_array() || records->empty()) return std::nullopt;
  std::optional<std::string> shared;
  for (const auto& record : *records) {
    if (!record.is_object()) return std::nullopt;
    const auto opaque = record.find("opaqueData");
    if (opaque == record.end() || !opaque->is_string()) return std::nullopt;
    const auto& value = opaque->get_ref<const std::string&>();
    if (shared && *shared != value) return std::nullopt;
    shared = value;
  }
  return shared;
}

}  // namespace s3load::serve
