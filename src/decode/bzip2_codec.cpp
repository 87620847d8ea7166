// bzip2 through libbz2's streaming decompressor.
#include <bzlib.h>

#include <new>

#include "decode/codecs.h"

namespace s3load::decode {

namespace {

class Bzip2Codec : public Codec {
 public:
  Bzip2Codec() { start(); }
  ~Bzip2Codec() override { BZ2_bzDecompressEnd(&m_stream); }
  Bzip2Codec(const Bzip2Codec&) = delete;
  Bzip2Codec& operator=(const Bzip2Codec&) = delete;

  Step decode(const char* input, std::size_t input_size, char* output, std::size_t output_size,
              bool) override {
    m_stream.next_in = const_cast<char*>(input);
    m_stream.avail_in = static_cast<unsigned>(input_size);
    m_stream.next_out = output;
    m_stream.avail_out = static_cast<unsigned>(output_size);
    const int status = BZ2_bzDecompress(&m_stream);
    Step step{.consumed = input_size - m_stream.avail_in, .produced = output_size - m_stream.avail_out};
    switch (status) {
      case BZ_OK:
        break;
      case BZ_STREAM_END:
        step.frame_end = true;
        break;
      case BZ_MEM_ERROR:
        throw std::bad_alloc();
      case BZ_DATA_ERROR_MAGIC:
        step.corrupt = "not bzip2 data: bad magic bytes";
        break;
      case BZ_DATA_ERROR:
        step.corrupt = "data integrity error: a block or its CRC is wrong";
        break;
      default:
        step.corrupt = "libbz2 error " + std::to_string(status);
    }
    return step;
  }

  // libbz2 cannot reset a stream: a finished one is ended and a new one started.
  void next_frame() override {
    BZ2_bzDecompressEnd(&m_stream);
    start();
  }

  const Names& names() const override {
    // "BZh" + level, then the 6-byte block magic.
    static const Names NAMES{.format = "bzip2", .frame = "stream", .header_bytes = 10};
    return NAMES;
  }

 private:
  void start() {
    m_stream = bz_stream{};
    if (BZ2_bzDecompressInit(&m_stream, 0, 0) != BZ_OK) throw std::bad_alloc();
  }

  bz_stream m_stream{};
};

}  // namespace

std::unique_ptr<Codec> make_bzip2_codec() {
  return std::make_unique<Bzip2Codec>();
}

}  // namespace s3load::decode
