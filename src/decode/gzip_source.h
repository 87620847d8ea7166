// Streaming gunzip of a ByteSource, with a decompression-ratio limit against gzip bombs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "source/object_source.h"

namespace s3load::decode {

struct GzipLimits {
  // The stream fails once it has produced more than max_ratio × the compressed bytes consumed so far…
  std::uint64_t max_ratio = 200;
  // …and more than this many bytes in all: the start of any file may expand freely (headers and the
  // first deflate blocks make early ratios meaningless).
  std::uint64_t free_bytes = 1u << 20;
  std::string feed;  // named in the error message
};

// Reads a gzip stream (RFC 1952) from `compressed` and yields the decompressed bytes. Members that
// follow one another (`gzip -c a b`, `cat a.gz b.gz`, many exporters) are decompressed one after the
// other; NUL bytes after the last member are ignored (padding some tools add), anything else after a
// member must be another member.
//
// read() throws Failure (permanent): "bad_gzip" for a corrupt or truncated stream, naming the
// compressed byte offset (0-based, in the whole object) where it was noticed; "decompression_bomb"
// when the output exceeds the ratio limit, which is checked after every piece of output, so a bomb is
// stopped after reading little of it and memory never grows (output goes straight into the caller's
// buffer; the only buffers are zlib's window and a 64 KiB input buffer). Failures of `compressed` pass
// through unchanged. After the end, read() keeps returning 0.
//
// info() and bytes_received() are those of `compressed` (the bytes received from the origin).
std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed, GzipLimits limits);

}  // namespace s3load::decode
