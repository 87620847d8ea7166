#include "decode/decoding_source.h"

#include <cstring>
#include <optional>
#include <utility>

#include "core/error.h"
#include "decode/codecs.h"
#include "decode/transcoding_source.h"

namespace s3load {

namespace {

// Hands back the first bytes it read to look at them, then reads straight through.
class SniffingSource : public ByteSource {
 public:
  explicit SniffingSource(std::unique_ptr<ByteSource> raw) : m_raw(std::move(raw)) {}

  // The object's first `count` (≤ COMPRESSION_MAGIC_BYTES) bytes, fewer when it is shorter.
  std::string_view peek(std::size_t count) {
    while (m_size < count && !m_ended) {
      const std::size_t got = m_raw->read(m_head + m_size, count - m_size);
      if (got == 0) m_ended = true;
      m_size += got;
    }
    return std::string_view(m_head, m_size);
  }

  std::size_t read(char* buffer, std::size_t size) override {
    if (size == 0) return 0;
    if (m_at < m_size) {
      const std::size_t count = std::min(size, m_size - m_at);
      std::memcpy(buffer, m_head + m_at, count);
      m_at += count;
      return count;
    }
    if (m_ended) return 0;
    const std::size_t got = m_raw->read(buffer, size);
    if (got == 0) m_ended = true;
    return got;
  }

  const ObjectInfo& info() const override { return m_raw->info(); }
  std::uint64_t bytes_received() const override { return m_raw->bytes_received(); }

 private:
  std::unique_ptr<ByteSource> m_raw;
  char m_head[decode::COMPRESSION_MAGIC_BYTES] = {};
  std::size_t m_size = 0;
  std::size_t m_at = 0;
  bool m_ended = false;
};

// Builds the stages on the first read, once the first bytes are known.
class DecodingSource : public ByteSource {
 public:
  DecodingSource(std::unique_ptr<ByteSource> raw, const FeedConfig& feed)
      : m_raw(raw.get()),
        m_sniffing(std::make_unique<SniffingSource>(std::move(raw))),
        m_encoding(feed.encoding),
        m_limits{.max_ratio = feed.max_decompression_ratio, .feed = feed.name} {}

  std::size_t read(char* buffer, std::size_t size) override {
    if (m_failure) throw *m_failure;
    try {
      if (!m_stages) build();
      return m_stages->read(buffer, size);
    } catch (const Failure& failure) {
      m_failure = failure;
      throw;
    }
  }

  const ObjectInfo& info() const override { return m_raw->info(); }
  std::uint64_t bytes_received() const override { return m_raw->bytes_received(); }

 private:
  void build() {
    const auto compression = decode::detect_compression(m_sniffing->peek(decode::COMPRESSION_MAGIC_BYTES));
    const bool compressed = compression != decode::Compression::none;
    std::unique_ptr<ByteSource> stages = std::move(m_sniffing);
    if (compressed)
      stages = decode::make_decompressing_source(std::move(stages), decode::make_codec(compression),
                                                 std::move(m_limits));
    if (m_encoding != Encoding::utf8)
      stages = decode::make_transcoding_source(std::move(stages), m_encoding, compressed);
    m_stages = std::move(stages);
  }

  ByteSource* m_raw;  // owned at the bottom of the stages
  std::unique_ptr<SniffingSource> m_sniffing;
  std::unique_ptr<ByteSource> m_stages;
  Encoding m_encoding;
  decode::DecompressionLimits m_limits;
  std::optional<Failure> m_failure;
};

}  // namespace

std::unique_ptr<ByteSource> decode_object(std::unique_ptr<ByteSource> raw, const FeedConfig& feed) {
  return std::make_unique<DecodingSource>(std::move(raw), feed);
}

}  // namespace s3load
