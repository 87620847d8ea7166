// xz through liblzma's stream decoder.
#include <lzma.h>

#include <new>

#include "decode/codecs.h"

namespace s3load::decode {

namespace {

// xz -9 needs 65 MiB to decode; a stream that asks for more than this is refused rather than allowed
// to take the memory of a Lambda function.
constexpr std::uint64_t MEMORY_LIMIT = 256u << 20;

class XzCodec : public Codec {
 public:
  XzCodec() { start(); }
  ~XzCodec() override { lzma_end(&m_stream); }
  XzCodec(const XzCodec&) = delete;
  XzCodec& operator=(const XzCodec&) = delete;

  Step decode(const char* input, std::size_t input_size, char* output, std::size_t output_size,
              bool input_ended) override {
    m_stream.next_in = reinterpret_cast<const std::uint8_t*>(input);
    m_stream.avail_in = input_size;
    m_stream.next_out = reinterpret_cast<std::uint8_t*>(output);
    m_stream.avail_out = output_size;
    const lzma_ret status = lzma_code(&m_stream, input_ended ? LZMA_FINISH : LZMA_RUN);
    Step step{.consumed = input_size - m_stream.avail_in, .produced = output_size - m_stream.avail_out};
    switch (status) {
      case LZMA_OK:
      case LZMA_BUF_ERROR:  // no progress was possible: more input is needed
        break;
      case LZMA_STREAM_END:
        step.frame_end = true;
        break;
      case LZMA_MEM_ERROR:
        throw std::bad_alloc();
      case LZMA_MEMLIMIT_ERROR:
        step.corrupt =
            "the stream needs more than 256 MiB of memory to decode; compress it with a smaller "
            "dictionary (xz -9 or less)";
        step.over_memory_bound = true;
        break;
      case LZMA_FORMAT_ERROR:
        step.corrupt = "not xz data";
        break;
      case LZMA_OPTIONS_ERROR:
        step.corrupt = "unsupported options";
        break;
      case LZMA_DATA_ERROR:
        step.corrupt = "corrupt data";
        break;
      default:
        step.corrupt = "liblzma error " + std::to_string(static_cast<int>(status));
    }
    return step;
  }

  void next_frame() override { start(); }

  const Names& names() const override {
    // The stream header is 12 bytes.
    static const Names NAMES{.format = "xz", .frame = "stream", .header_bytes = 12};
    return NAMES;
  }

 private:
  // Also re-initialises a stream that has ended (liblzma reuses its memory).
  void start() {
    if (lzma_stream_decoder(&m_stream, MEMORY_LIMIT, 0) != LZMA_OK) throw std::bad_alloc();
  }

  lzma_stream m_stream = LZMA_STREAM_INIT;
};

}  // namespace

std::unique_ptr<Codec> make_xz_codec() {
  return std::make_unique<XzCodec>();
}

}  // namespace s3load::decode
