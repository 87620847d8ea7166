#include "decode/gzip_source.h"

#include <zlib.h>

#include <new>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace s3load::decode {

namespace {

constexpr std::size_t INPUT_BUFFER_BYTES = 64u << 10;
// zlib's avail_in/avail_out are 32-bit.
constexpr std::size_t MAX_OUTPUT_PER_CALL = 1u << 30;
// The smallest gzip header: a fault inside it, right after a member, means no member follows.
constexpr std::uint64_t GZIP_HEADER_BYTES = 10;

class GzipSource : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> compressed, GzipLimits limits)
      : m_compressed(std::move(compressed)), m_limits(std::move(limits)), m_input(INPUT_BUFFER_BYTES) {
    // 16 + MAX_WBITS: expect the gzip wrapper (header, CRC-32, length) around a deflate stream.
    if (inflateInit2(&m_zlib, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
  }
  ~GzipSource() override { inflateEnd(&m_zlib); }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  std::size_t read(char* buffer, std::size_t size) override {
    if (size == 0) return 0;
    if (size > MAX_OUTPUT_PER_CALL) size = MAX_OUTPUT_PER_CALL;
    if (m_failure) throw *m_failure;
    for (;;) {
      if (m_state == State::done) return 0;
      if (m_zlib.avail_in == 0 && !m_input_ended) refill();
      if (m_state == State::between_members) {
        skip_padding();
        if (m_zlib.avail_in == 0) {
          if (m_input_ended) m_state = State::done;
          continue;
        }
        // More data after a member: it must be the next member.
        inflateReset(&m_zlib);
        m_state = State::in_member;
        m_member_start = m_consumed;
      }

      m_zlib.next_out = reinterpret_cast<Bytef*>(buffer);
      m_zlib.avail_out = static_cast<uInt>(size);
      const uInt available = m_zlib.avail_in;
      const int status = inflate(&m_zlib, Z_NO_FLUSH);
      m_consumed += available - m_zlib.avail_in;
      const std::size_t produced = size - m_zlib.avail_out;
      m_produced += produced;

      switch (status) {
        case Z_OK:
          break;
        case Z_STREAM_END:
          m_state = State::between_members;
          break;
        case Z_BUF_ERROR:  // no progress was possible: zlib needs more input
          if (m_zlib.avail_in == 0 && m_input_ended) m_failure = truncated();
          break;
        case Z_MEM_ERROR:
          throw std::bad_alloc();
        default:  // Z_DATA_ERROR, Z_NEED_DICT (not valid in gzip), Z_STREAM_ERROR
          m_failure = corrupt();
      }
      check_ratio();
      // Output made before a fault is handed out first, so what is read never depends on the chunking.
      if (produced != 0) return produced;
      if (m_failure) throw *m_failure;
    }
  }

  const ObjectInfo& info() const override { return m_compressed->info(); }
  std::uint64_t bytes_received() const override { return m_compressed->bytes_received(); }

 private:
  enum class State { in_member, between_members, done };

  void refill() {
    const std::size_t got = m_compressed->read(m_input.data(), m_input.size());
    if (got == 0) m_input_ended = true;
    m_zlib.next_in = reinterpret_cast<Bytef*>(m_input.data());
    m_zlib.avail_in = static_cast<uInt>(got);
  }

  void skip_padding() {
    while (m_zlib.avail_in != 0 && *m_zlib.next_in == 0) {
      ++m_zlib.next_in;
      --m_zlib.avail_in;
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
        "gzip data expanded " + std::to_string(times) + " times (" + std::to_string(m_produced) +
            " bytes from the first " + std::to_string(m_consumed) +
            " compressed bytes), more than the feed's max_decompression_ratio = " +
            std::to_string(m_limits.max_ratio) +
            "; reading stopped there. If the file is genuine, raise max_decompression_ratio for feed \"" +
            m_limits.feed + "\""));
    throw *m_failure;
  }

  Failure truncated() const {
    return Failure(permanent_error(
        "bad_gzip", "gzip data ends early, at compressed byte offset " + std::to_string(m_consumed) +
                        ", inside the member that starts at offset " + std::to_string(m_member_start) +
                        ": the file is truncated (an interrupted upload or copy?); upload it again"));
  }

  Failure corrupt() const {
    const std::string reason = m_zlib.msg ? m_zlib.msg : "invalid data";
    // zlib notices a fault a few bytes after it: header fields are read whole, the CRC after the data.
    std::string message = "gzip data is corrupt (" + reason + "), noticed at compressed byte offset " +
                          std::to_string(m_consumed);
    if (m_member_start != 0 && m_consumed - m_member_start <= GZIP_HEADER_BYTES)
      message += ": the data at offset " + std::to_string(m_member_start) +
                 ", after a complete gzip member, is not another gzip member";
    message += "; upload an intact file";
    return Failure(permanent_error("bad_gzip", std::move(message)));
  }

  std::unique_ptr<ByteSource> m_compressed;
  GzipLimits m_limits;
  std::vector<char> m_input;
  z_stream m_zlib{};
  State m_state = State::in_member;
  bool m_input_ended = false;
  std::uint64_t m_consumed = 0;      // compressed bytes given to zlib (padding included)
  std::uint64_t m_produced = 0;      // decompressed bytes returned
  std::uint64_t m_member_start = 0;  // compressed offset where the current member starts
  std::optional<Failure> m_failure;  // once set, every read throws it
};

}  // namespace

std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed, GzipLimits limits) {
  return std::make_unique<GzipSource>(std::move(compressed), std::move(limits));
}

}  // namespace s3load::decode
