// Bucket names as S3 allows them. An event's bucket name becomes part of a signed request's host (virtual
// hosted style) or path, so a name that is not a bucket name ("127.0.0.1:8080#", "evil.com/x") must be
// refused before anything is sent.
// Rules: docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace s3load {

struct BucketNameRules {
  // Ceph RGW and MinIO name a bucket of another tenant "tenant:bucket". Only meaningful when s3load talks
  // to such a server (an endpoint override is set); AWS has no such form.
  bool allow_tenant = false;
};

// Why `name` is not a bucket name, phrased to follow "it" ("must be 3 to 63 characters long, not 2"), or
// nullopt when it is one.
std::optional<std::string> bucket_name_problem(std::string_view name, BucketNameRules rules = {});

}  // namespace s3load
