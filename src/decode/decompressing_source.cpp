#include "decode/decompressing_source.h"

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace s3load::decode {

namespace {

constexpr std::size_t INPUT_BUFFER_BYTES = 64u << 10;
// The libraries count in 32 bits (zlib's avail_out, bzip2's avail_out).
constexpr std::size_t MAX_OUTPUT_PER_CALL = 1u << 30;

class DecompressingSource : public ByteSource {
 public:
  DecompressingSource(std::unique_ptr<ByteSource> compressed, std::unique_ptr<Codec> codec,
                      DecompressionLimits limits)
      : m_compressed(std::move(compressed)),
        m_codec(std::move(codec)),
        m_limits(std::move(limits)),
        m_input(INPUT_BUFFER_BYTES) {}

  std::size_t read(char* buffer, std::size_t size) override {
    if (size == 0) return 0;
    if (size > MAX_OUTPUT_PER_CALL) size = MAX_OUTPUT_PER_CALL;
    if (m_failure) throw *m_failure;
    for (;;) {
      if (m_state == State::done) return 0;
      if (m_available == 0 && !m_input_ended) refill();
      if (m_state == State::between_frames) {
        skip_padding();
        if (m_available == 0) {
          if (m_input_ended) m_state = State::done;
          continue;
        }
        // More data after a frame: it must be the next frame.
        m_codec->next_frame();
        m_state = State::in_frame;
        m_frame_start = m_consumed;
      }

      const Codec::Step step = m_codec->decode(m_next, m_available, buffer, size, m_input_ended);
      m_next += step.consumed;
      m_available -= step.consumed;
      m_consumed += step.consumed;
      m_produced += step.produced;
      if (step.corrupt) {
        m_failure = step.over_memory_bound ? over_memory_bound(*step.corrupt) : corrupt(*step.corrupt);
      } else if (step.frame_end) {
        m_state = State::between_frames;
      } else if (step.consumed == 0 && step.produced == 0) {
        // No progress: the decoder needs more input than there is.
        if (m_input_ended)
          m_failure = truncated();
        else if (m_available != 0)
          m_failure = corrupt("the decoder made no progress");
      }
      check_ratio();
      // Output made before a fault is handed out first, so what is read never depends on the chunking.
      if (step.produced != 0) return step.produced;
      if (m_failure) throw *m_failure;
    }
  }

  const ObjectInfo& info() const override { return m_compressed->info(); }
  std::uint64_t bytes_received() const override { return m_compressed->bytes_received(); }

 private:
  enum class State { in_frame, between_frames, done };

  void refill() {
    const std::size_t got = m_compressed->read(m_input.data(), m_input.size());
    if (got == 0) m_input_ended = true;
    m_next = m_input.data();
    m_available = got;
  }

  void skip_padding() {
    while (m_available != 0 && *m_next == 0) {
      ++m_next;
      --m_available;
      ++m_consumed;
    }
  }

  // out > ratio × in, without overflow: out - 1 >= ratio × in  <=>  (out - 1) / in >= ratio.
  void check_ratio() {
    if (m_produced <= m_limits.free_bytes) return;
    if (m_consumed != 0 && (m_produced - 1) / m_consumed < m_limits.max_ratio) return;
    const std::uint64_t times = m_consumed == 0 ? m_produced : m_produced / m_consumed;
    m_failure = Failure(permanent_error(
        "decompression_bomb",
        format() + " data expanded " + std::to_string(times) + " times (" + std::to_string(m_produced) +
            " bytes from the first " + std::to_string(m_consumed) +
            " compressed bytes), more than the feed's max_decompression_ratio = " +
            std::to_string(m_limits.max_ratio) +
            "; reading stopped there. If the file is genuine, raise max_decompression_ratio for feed \"" +
            m_limits.feed + "\""));
    throw *m_failure;
  }

  Failure truncated() const {
    return Failure(permanent_error(
        "bad_" + format(), format() + " data ends early, at compressed byte offset " +
                               std::to_string(m_consumed) + ", inside the " + frame() +
                               " that starts at offset " + std::to_string(m_frame_start) +
                               ": the file is truncated (an interrupted upload or copy?); upload it again"));
  }

  Failure corrupt(const std::string& reason) const {
    const auto& names = m_codec->names();
    // Decoders notice a fault a few bytes after it: header fields are read whole, checksums after the data.
    std::string message = format() + " data is corrupt (" + reason + "), noticed at compressed byte offset " +
                          std::to_string(m_consumed);
    if (m_frame_start != 0 && m_consumed - m_frame_start <= names.header_bytes)
      message += ": the data at offset " + std::to_string(m_frame_start) + ", after a complete " + format() +
                 " " + frame() + ", is not another " + format() + " " + frame();
    message += "; upload an intact file";
    return Failure(permanent_error("bad_" + format(), std::move(message)));
  }

  Failure over_memory_bound(const std::string& reason) const {
    return Failure(permanent_error("bad_" + format(), format() + " data at compressed byte offset " +
                                                          std::to_string(m_consumed) +
                                                          " cannot be decoded in bounded memory: " + reason));
  }

  const std::string& format() const { return m_codec->names().format; }
  const std::string& frame() const { return m_codec->names().frame; }

  std::unique_ptr<ByteSource> m_compressed;
  std::unique_ptr<Codec> m_codec;
  DecompressionLimits m_limits;
  std::vector<char> m_input;
  const char* m_next = nullptr;  // the next input byte in m_input
  std::size_t m_available = 0;   // input bytes from m_next on
  State m_state = State::in_frame;
  bool m_input_ended = false;
  std::uint64_t m_consumed = 0;      // compressed bytes given to the decoder (padding included)
  std::uint64_t m_produced = 0;      // decompressed bytes returned
  std::uint64_t m_frame_start = 0;   // compressed offset where the current frame starts
  std::optional<Failure> m_failure;  // once set, every read throws it
};

}  // namespace

std::unique_ptr<ByteSource> make_decompressing_source(std::unique_ptr<ByteSource> compressed,
                                                      std::unique_ptr<Codec> codec,
                                                      DecompressionLimits limits) {
  return std::make_unique<DecompressingSource>(std::move(compressed), std::move(codec), std::move(limits));
}

}  // namespace s3load::decode
