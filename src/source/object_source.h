// Where object bytes come from: S3 (src/s3) or a local file. The pipeline sees only these interfaces,
// so local files, S3 and test doubles look the same to it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "events/object_ref.h"

namespace s3load {

// What the server said about the object actually being read.
struct ObjectInfo {
  std::optional<std::string> etag;  // without quotes
  std::optional<std::string> version_id;
  std::optional<std::int64_t> content_length;
  std::string content_encoding;
};

// A stream of the object's bytes. read() blocks until at least one byte is available, returns 0 at the
// end, and throws Failure (classified permanent/transient) when the stream cannot continue.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::size_t read(char* buffer, std::size_t size) = 0;
  virtual const ObjectInfo& info() const = 0;
  // Bytes received from the origin so far (compressed bytes for a gzip object).
  virtual std::uint64_t bytes_received() const = 0;
};

// Set from another thread (deadline watch, shutdown) to make a blocked open() or read() give up soon.
using CancelFlag = std::atomic<bool>;

class ObjectSource {
 public:
  virtual ~ObjectSource() = default;
  // Opens the exact version named by the reference (version id, else If-Match on the ETag). Returns once
  // the server has answered with the object's headers. Throws Failure: permanent for a missing object,
  // a denied request or a version that is gone (code "superseded"); transient for network faults and
  // server errors that survived the retries.
  virtual std::unique_ptr<ByteSource> open(const ObjectRef& object, const CancelFlag* cancel) = 0;
};

}  // namespace s3load
