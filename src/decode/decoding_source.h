// The byte stages between the object and the CSV reader: gzip (detected by its magic bytes, with a
// decompression-ratio limit) and transcoding to UTF-8 (windows-1252, latin-1).
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "feeds/feed_config.h"
#include "source/object_source.h"

namespace s3load {

// Wraps `raw` so that reads yield the object's UTF-8 text. Throws Failure (permanent) from read()
// for a corrupt gzip stream, a decompression ratio above the feed's limit, or bytes the feed's
// encoding cannot represent.
std::unique_ptr<ByteSource> decode_object(std::unique_ptr<ByteSource> raw, const FeedConfig& feed);

// For delimiter = "auto": the delimiter among , ; \t | that splits the first records of `sample`
// most consistently, or nullopt when none does.
std::optional<char> detect_delimiter(std::string_view sample, char quote);

}  // namespace s3load
