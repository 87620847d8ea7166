#include "decode/codecs.h"

#include <stdexcept>

namespace s3load::decode {

Compression detect_compression(std::string_view head) {
  const auto starts = [&](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
  if (starts("\x1f\x8b")) return Compression::gzip;
  if (starts("\x28\xb5\x2f\xfd")) return Compression::zstd;
  if (head.size() >= 4 && (static_cast<unsigned char>(head[0]) & 0xf0) == 0x50 &&
      head.substr(1, 3) == "\x2a\x4d\x18")
    return Compression::zstd;
  if (head.size() >= 4 && starts("BZh") && head[3] >= '1' && head[3] <= '9') return Compression::bzip2;
  if (starts(std::string_view("\xfd"
                              "7zXZ\0",
                              6)))
    return Compression::xz;
  return Compression::none;
}

std::unique_ptr<Codec> make_codec(Compression compression) {
  switch (compression) {
    case Compression::gzip:
      return make_gzip_codec();
    case Compression::zstd:
      return make_zstd_codec();
    case Compression::bzip2:
      return make_bzip2_codec();
    case Compression::xz:
      return make_xz_codec();
    case Compression::none:
      break;
  }
  throw std::invalid_argument("make_codec: no codec for uncompressed data");
}

}  // namespace s3load::decode
