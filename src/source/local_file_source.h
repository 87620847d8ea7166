// Objects from the local file system, for `s3load ingest ./file.csv` and `s3load check`.
#pragma once

#include <string>

#include "source/object_source.h"

namespace s3load {

class LocalFileSource : public ObjectSource {
 public:
  std::unique_ptr<ByteSource> open(const ObjectRef& object, const CancelFlag* cancel) override;
};

// An ObjectRef for a local path: bucket "" (no bucket), key = the path as given, and a version id
// derived from the file's size and modification time so that a rewritten file is a new version.
// Throws Failure (permanent) when the file cannot be read.
ObjectRef local_object_ref(const std::string& path);

}  // namespace s3load
