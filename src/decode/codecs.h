// The compression formats s3load reads, each a Codec for make_decompressing_source, and how an object's
// first bytes name its format. Detection is by magic bytes only: keys and Content-Encoding headers lie.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "decode/decompressing_source.h"

namespace s3load::decode {

enum class Compression { none, gzip, zstd, bzip2, xz };

// The most bytes detect_compression looks at.
inline constexpr std::size_t COMPRESSION_MAGIC_BYTES = 6;

// The format whose magic bytes start `head` (the object's first COMPRESSION_MAGIC_BYTES bytes, fewer when
// it is shorter):
//   gzip  1f 8b                   (RFC 1952)
//   zstd  28 b5 2f fd, or a skippable frame 5? 2a 4d 18   (RFC 8878)
//   bzip2 "BZh" and a block size digit 1–9
//   xz    fd "7zXZ" 00
Compression detect_compression(std::string_view head);

// gzip members (RFC 1952), with zlib.
std::unique_ptr<Codec> make_gzip_codec();
// zstd frames (RFC 8878), with libzstd. A frame that needs a window above 128 MiB (zstd --long=28 and
// up) is refused: the window is memory the load would hold.
std::unique_ptr<Codec> make_zstd_codec();
// bzip2 streams, with libbz2.
std::unique_ptr<Codec> make_bzip2_codec();
// xz streams, with liblzma; a stream that needs more than 256 MiB to decode is refused.
std::unique_ptr<Codec> make_xz_codec();

std::unique_ptr<Codec> make_codec(Compression compression);

}  // namespace s3load::decode
