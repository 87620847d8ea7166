// gzip (RFC 1952) through zlib's inflate.
#include <zlib.h>

#include <new>

#include "decode/codecs.h"

namespace s3load::decode {

namespace {

class GzipCodec : public Codec {
 public:
  GzipCodec() {
    // 16 + MAX_WBITS: expect the gzip wrapper (header, CRC-32, length) around a deflate stream.
    if (inflateInit2(&m_zlib, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
  }
  ~GzipCodec() override { inflateEnd(&m_zlib); }
  GzipCodec(const GzipCodec&) = delete;
  GzipCodec& operator=(const GzipCodec&) = delete;

  Step decode(const char* input, std::size_t input_size, char* output, std::size_t output_size,
              bool) override {
    m_zlib.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input));
    m_zlib.avail_in = static_cast<uInt>(input_size);
    m_zlib.next_out = reinterpret_cast<Bytef*>(output);
    m_zlib.avail_out = static_cast<uInt>(output_size);
    const int status = inflate(&m_zlib, Z_NO_FLUSH);
    Step step{.consumed = input_size - m_zlib.avail_in, .produced = output_size - m_zlib.avail_out};
    switch (status) {
      case Z_OK:
      case Z_BUF_ERROR:  // no progress was possible: zlib needs more input
        break;
      case Z_STREAM_END:
        step.frame_end = true;
        break;
      case Z_MEM_ERROR:
        throw std::bad_alloc();
      default:  // Z_DATA_ERROR, Z_NEED_DICT (not valid in gzip), Z_STREAM_ERROR
        step.corrupt = m_zlib.msg ? m_zlib.msg : "invalid data";
    }
    return step;
  }

  void next_frame() override { inflateReset(&m_zlib); }

  const Names& names() const override {
    // The smallest gzip header is 10 bytes.
    static const Names NAMES{.format = "gzip", .frame = "member", .header_bytes = 10};
    return NAMES;
  }

 private:
  z_stream m_zlib{};
};

}  // namespace

std::unique_ptr<Codec> make_gzip_codec() {
  return std::make_unique<GzipCodec>();
}

}  // namespace s3load::decode
