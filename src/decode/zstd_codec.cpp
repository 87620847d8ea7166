// zstd (RFC 8878) through libzstd's streaming decoder.
#include <zstd.h>
#include <zstd_errors.h>

#include <new>

#include "decode/codecs.h"

namespace s3load::decode {

namespace {

// 2^27 = 128 MiB, libzstd's own default limit: every compression level up to 19 and --ultra -22 stay
// below it; only --long=28 and up need more.
constexpr int WINDOW_LOG_MAX = 27;

class ZstdCodec : public Codec {
 public:
  ZstdCodec() : m_context(ZSTD_createDCtx()) {
    if (!m_context) throw std::bad_alloc();
    ZSTD_DCtx_setParameter(m_context, ZSTD_d_windowLogMax, WINDOW_LOG_MAX);
  }
  ~ZstdCodec() override { ZSTD_freeDCtx(m_context); }
  ZstdCodec(const ZstdCodec&) = delete;
  ZstdCodec& operator=(const ZstdCodec&) = delete;

  Step decode(const char* input, std::size_t input_size, char* output, std::size_t output_size,
              bool) override {
    ZSTD_inBuffer in{input, input_size, 0};
    ZSTD_outBuffer out{output, output_size, 0};
    const std::size_t result = ZSTD_decompressStream(m_context, &out, &in);
    Step step{.consumed = in.pos, .produced = out.pos};
    if (ZSTD_isError(result)) {
      if (ZSTD_getErrorCode(result) == ZSTD_error_memory_allocation) throw std::bad_alloc();
      step.corrupt = ZSTD_getErrorName(result);
      if (ZSTD_getErrorCode(result) == ZSTD_error_frameParameter_windowTooLarge) {
        step.corrupt =
            "the frame needs a window above 128 MiB (zstd --long=28 or more); compress it with a "
            "smaller window";
        step.over_memory_bound = true;
      }
    } else if (result == 0) {
      step.frame_end = true;  // the frame is decoded and flushed
    }
    return step;
  }

  void next_frame() override { ZSTD_DCtx_reset(m_context, ZSTD_reset_session_only); }

  const Names& names() const override {
    // A frame header is at most 18 bytes.
    static const Names NAMES{.format = "zstd", .frame = "frame", .header_bytes = 18};
    return NAMES;
  }

 private:
  ZSTD_DCtx* m_context;
};

}  // namespace

std::unique_ptr<Codec> make_zstd_codec() {
  return std::make_unique<ZstdCodec>();
}

}  // namespace s3load::decode
