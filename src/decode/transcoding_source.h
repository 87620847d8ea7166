// A ByteSource that yields the UTF-8 form of a single-byte-encoded ByteSource (see transcoder.h).
#pragma once

#include <memory>

#include "feeds/feed_config.h"
#include "source/object_source.h"

namespace s3load::decode {

// read() throws Failure (permanent, "bad_encoding") at a byte the encoding does not define; failures of
// `text` pass through. Characters are never split across reads unless the caller's buffer is smaller
// than one character. info() and bytes_received() are those of `text`. `decompressed` only words error
// messages (offsets then count decompressed bytes).
std::unique_ptr<ByteSource> make_transcoding_source(std::unique_ptr<ByteSource> text, Encoding encoding,
                                                    bool decompressed);

}  // namespace s3load::decode
