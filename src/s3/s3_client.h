// S3 over libcurl: streaming GetObject (SigV4 signed by libcurl itself) and, for backfills, listing.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "s3/s3_settings.h"
#include "source/object_source.h"

namespace s3load {

class CurlHandlePool;
class CredentialSource;

struct ListedObject {
  std::string key;
  std::string etag;  // without quotes
  std::int64_t size = 0;
  std::string last_modified;
};

struct ListPage {
  std::vector<ListedObject> objects;
  std::optional<std::string> continuation_token;  // set when more pages follow
};

class S3Client : public ObjectSource {
 public:
  // Requests are signed with the settings' credentials until S3 refuses them (or a request is retried):
  // then `credentials_lookup` is read again, and a request refused as an operator fault (access denied,
  // expired credentials) is sent once more when it gives other credentials.
  explicit S3Client(S3Settings settings, EnvironmentLookup credentials_lookup = process_environment);
  ~S3Client() override;
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // Streams the object from a background thread through a bounded queue (a few MiB at most), so
  // fetching overlaps with parsing and loading. A body interrupted by a transient fault is resumed
  // with a Range request pinned to the same version, invisibly to the reader.
  std::unique_ptr<ByteSource> open(const ObjectRef& object, const CancelFlag* cancel) override;

  // One page of ListObjectsV2 under a prefix. Throws Failure.
  ListPage list_objects(const std::string& bucket, const std::string& prefix,
                        const std::optional<std::string>& continuation_token);

  const S3Settings& settings() const { return m_settings; }

 private:
  S3Settings m_settings;
  std::unique_ptr<CurlHandlePool> m_handles;
  std::unique_ptr<CredentialSource> m_credentials;
};

// Call once at start-up, before threads exist (libcurl's global initialisation).
void initialize_http();

}  // namespace s3load
