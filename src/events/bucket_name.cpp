#include "events/bucket_name.h"

namespace s3load {

namespace {

constexpr std::size_t MIN_LENGTH = 3;
constexpr std::size_t MAX_LENGTH = 63;
// Ceph RGW tenant names: letters, digits and underscores (radosgw-admin refuses others).
constexpr std::size_t MAX_TENANT_LENGTH = 255;

bool is_lower_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Four dot-separated groups of digits, as "192.168.5.4": S3 refuses such names, and in a virtual-hosted
// URL they would name a host.
bool looks_like_ipv4(std::string_view name) {
  int groups = 0;
  while (true) {
    const auto dot = name.find('.');
    const std::string_view group = name.substr(0, dot);
    if (group.empty()) return false;
    for (const char c : group)
      if (!is_digit(c)) return false;
    ++groups;
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  return groups == 4;
}

std::optional<std::string> plain_bucket_problem(std::string_view name) {
  if (name.size() < MIN_LENGTH || name.size() > MAX_LENGTH)
    return "must be " + std::to_string(MIN_LENGTH) + " to " + std::to_string(MAX_LENGTH) +
           " characters long, not " + std::to_string(name.size());
  for (const char c : name) {
    if (!is_lower_or_digit(c) && c != '.' && c != '-')
      return "may contain only lowercase letters, digits, dots and hyphens";
  }
  if (!is_lower_or_digit(name.front()) || !is_lower_or_digit(name.back()))
    return "must begin and end with a lowercase letter or a digit";
  if (name.find("..") != std::string_view::npos) return "must not contain two adjacent dots";
  if (looks_like_ipv4(name)) return "must not be formatted as an IP address";
  // The reserved prefixes and suffixes of the naming rules (xn--, -s3alias, --x-s3, …) only restrict
  // which buckets can be created; access point aliases and directory buckets carry them legitimately.
  return std::nullopt;
}

std::optional<std::string> tenant_problem(std::string_view tenant) {
  if (tenant.empty() || tenant.size() > MAX_TENANT_LENGTH)
    return "has a tenant prefix that is empty or longer than " + std::to_string(MAX_TENANT_LENGTH) +
           " characters";
  for (const char c : tenant) {
    const bool allowed = is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!allowed) return "has a tenant prefix that is not only letters, digits and underscores";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> bucket_name_problem(std::string_view name, BucketNameRules rules) {
  const auto colon = name.find(':');
  if (colon == std::string_view::npos) return plain_bucket_problem(name);
  if (!rules.allow_tenant)
    return "uses the tenant form \"tenant:bucket\", which is accepted only with an S3 endpoint override "
           "(AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL)";
  if (auto problem = tenant_problem(name.substr(0, colon))) return problem;
  if (auto problem = plain_bucket_problem(name.substr(colon + 1)))
    return "has a bucket part that " + *problem;
  return std::nullopt;
}

}  // namespace s3load
