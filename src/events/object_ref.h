// One object version an event asks us to load.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace s3load {

struct ObjectRef {
  std::string bucket;
  std::string key;                        // decoded exactly once, as the event source encodes it
  std::optional<std::string> version_id;  // only on versioned buckets; never an empty string
  std::optional<std::string> etag;        // without surrounding quotes
  std::optional<std::string> sequencer;   // orders events of the same key (hexadecimal)
  std::optional<std::int64_t> size;
  std::string event_name;    // e.g. "ObjectCreated:Put" (no "s3:" prefix)
  std::string event_source;  // "aws:s3", "ceph:s3", "minio:s3", "aws.s3" (EventBridge), "cli"
};

// "bucket/key" plus the version when known, for messages and logs.
std::string describe(const ObjectRef& object);

}  // namespace s3load
