// Streaming decompression of a ByteSource, shared by every compression format (gzip, zstd, bzip2, xz):
// frames one after another, NUL padding between them, truncation and corruption reported with the
// compressed byte offset, and the decompression-ratio limit against bombs. A format plugs in as a Codec.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "source/object_source.h"

namespace s3load::decode {

struct DecompressionLimits {
  // The stream fails once it has produced more than max_ratio × the compressed bytes consumed so far…
  std::uint64_t max_ratio = 200;
  // …and more than this many bytes in all: the start of any file may expand freely (headers and the
  // first blocks make early ratios meaningless).
  std::uint64_t free_bytes = 1u << 20;
  std::string feed;  // named in the error message
};

// One compression format's streaming decoder.
class Codec {
 public:
  virtual ~Codec() = default;

  struct Step {
    std::size_t consumed = 0;            // input bytes used
    std::size_t produced = 0;            // output bytes written
    bool frame_end = false;              // a whole frame (member, stream) has been decoded and flushed
    std::optional<std::string> corrupt;  // the data cannot be decoded: the library's own words
    bool over_memory_bound = false;      // with `corrupt`: valid data that needs more memory than allowed
  };
  // Decodes from `input` into `output` (output_size > 0). `input_ended` says no input follows `input`
  // (some libraries must be told to finish). Throws std::bad_alloc when the library runs out of memory.
  virtual Step decode(const char* input, std::size_t input_size, char* output, std::size_t output_size,
                      bool input_ended) = 0;
  // Readies the decoder for the next frame after a frame end.
  virtual void next_frame() = 0;

  struct Names {
    std::string format;          // "gzip": messages and the error code ("bad_gzip")
    std::string frame;           // "member", "frame", "stream"
    std::uint64_t header_bytes;  // a fault this close after a frame means no frame follows
  };
  virtual const Names& names() const = 0;
};

// Reads `compressed` through `codec` and yields the decompressed bytes. Frames that follow one another
// are decoded in turn; NUL bytes between and after frames are ignored (padding some tools add); anything
// else after a frame must be another frame.
//
// read() throws Failure (permanent): "bad_<format>" for a corrupt or truncated stream, naming the
// compressed byte offset (0-based, in the whole object) where it was noticed; "decompression_bomb" when
// the output exceeds the ratio limit, checked after every piece of output, so a bomb is stopped after
// reading little of it and memory never grows (output goes straight into the caller's buffer). Failures
// of `compressed` pass through unchanged. After the end read() keeps returning 0; after a Failure it
// throws it again. info() and bytes_received() are those of `compressed`.
std::unique_ptr<ByteSource> make_decompressing_source(std::unique_ptr<ByteSource> compressed,
                                                      std::unique_ptr<Codec> codec,
                                                      DecompressionLimits limits);

}  // namespace s3load::decode
