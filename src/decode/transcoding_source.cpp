#include "decode/transcoding_source.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include "decode/transcoder.h"

namespace s3load::decode {

namespace {

constexpr std::size_t INPUT_BUFFER_BYTES = 256u << 10;

class TranscodingSource : public ByteSource {
 public:
  TranscodingSource(std::unique_ptr<ByteSource> text, Encoding encoding, bool decompressed)
      : m_text(std::move(text)), m_transcoder(encoding, decompressed), m_input(INPUT_BUFFER_BYTES) {}

  std::size_t read(char* buffer, std::size_t size) override {
    if (size == 0) return 0;
    if (m_pending_at < m_pending_size) return take_pending(buffer, size);
    if (m_at == m_size) {
      if (m_ended) return 0;
      // Asking for no more than the caller can take keeps the input buffer from piling up.
      m_size = m_text->read(m_input.data(), std::min(size, m_input.size()));
      m_at = 0;
      if (m_size == 0) {
        m_ended = true;
        return 0;
      }
    }
    const std::string_view input(m_input.data() + m_at, m_size - m_at);
    if (size >= SingleByteTranscoder::MAX_OUTPUT_PER_BYTE) {
      const TranscodeStep step = m_transcoder.transcode(input, buffer, size);
      m_at += step.consumed;
      return step.produced;
    }
    // A buffer too small for a whole character: transcode one byte aside and hand it out in parts.
    const TranscodeStep step = m_transcoder.transcode(input.substr(0, 1), m_pending, sizeof m_pending);
    m_at += step.consumed;
    m_pending_size = step.produced;
    m_pending_at = 0;
    return take_pending(buffer, size);
  }

  const ObjectInfo& info() const override { return m_text->info(); }
  std::uint64_t bytes_received() const override { return m_text->bytes_received(); }

 private:
  std::size_t take_pending(char* buffer, std::size_t size) {
    const std::size_t count = std::min(size, m_pending_size - m_pending_at);
    std::memcpy(buffer, m_pending + m_pending_at, count);
    m_pending_at += count;
    return count;
  }

  std::unique_ptr<ByteSource> m_text;
  SingleByteTranscoder m_transcoder;
  std::vector<char> m_input;
  std::size_t m_at = 0;  // m_input[m_at, m_size) is read but not yet transcoded
  std::size_t m_size = 0;
  bool m_ended = false;
  char m_pending[SingleByteTranscoder::MAX_OUTPUT_PER_BYTE] = {};
  std::size_t m_pending_at = 0;
  std::size_t m_pending_size = 0;
};

}  // namespace

std::unique_ptr<ByteSource> make_transcoding_source(std::unique_ptr<ByteSource> text, Encoding encoding,
                                                    bool decompressed) {
  return std::make_unique<TranscodingSource>(std::move(text), encoding, decompressed);
}

}  // namespace s3load::decode
