// Test helpers for the decode stages: in-memory byte sources that deliver their bytes in chosen piece
// sizes, gzip in memory, and a source that streams a gzip bomb without ever holding it.
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "decode/decoding_source.h"
#include "feeds/feed_config.h"
#include "source/object_source.h"

namespace s3load::decode::testing {

// Delivers `bytes` in pieces whose sizes cycle through `pieces` (never more than the caller asks for).
class PieceSource : public ByteSource {
 public:
  explicit PieceSource(std::string bytes, std::vector<std::size_t> pieces = {1u << 20})
      : m_bytes(std::move(bytes)), m_pieces(std::move(pieces)) {
    m_info.content_encoding = "test";
  }

  std::size_t read(char* buffer, std::size_t size) override {
    ++m_reads;
    const std::size_t piece = m_pieces[m_next++ % m_pieces.size()];
    const std::size_t count = std::min({size, piece, m_bytes.size() - m_at});
    std::memcpy(buffer, m_bytes.data() + m_at, count);
    m_at += count;
    return count;
  }
  const ObjectInfo& info() const override { return m_info; }
  std::uint64_t bytes_received() const override { return m_at; }

 private:
  std::string m_bytes;
  std::vector<std::size_t> m_pieces;
  std::size_t m_next = 0;
  std::size_t m_at = 0;
  std::size_t m_reads = 0;
  ObjectInfo m_info;
};

// Delivers `first` bytes in its first read, then the rest.
inline std::vector<std::size_t> split_at(std::size_t first) {
  return {first, 1u << 30};
}

// Deflates `data` into one gzip member.
inline std::string gzip(std::string_view data, int level = 6) {
  z_stream zlib{};
  if (deflateInit2(&zlib, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&zlib, static_cast<uLong>(data.size())) + 32, '\0');
  zlib.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zlib.avail_in = static_cast<uInt>(data.size());
  zlib.next_out = reinterpret_cast<Bytef*>(out.data());
  zlib.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&zlib, Z_FINISH);
  deflateEnd(&zlib);
  if (status != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  out.resize(zlib.total_out);
  return out;
}

// The gzip of `logical_bytes` zero bytes, produced only as far as it is read: a bomb of any size costs
// the test what the decoder pulls from it. Reads return at most `piece` bytes (deflating zeros costs
// about 8 ms per MiB, and each compressed KiB holds a MiB).
class ZeroBombSource : public ByteSource {
 public:
  explicit ZeroBombSource(std::uint64_t logical_bytes, std::size_t piece = 4096)
      : m_left(logical_bytes), m_piece(piece), m_zeros(1u << 20, '\0') {
    if (deflateInit2(&m_zlib, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::runtime_error("deflateInit2");
  }
  ~ZeroBombSource() override { deflateEnd(&m_zlib); }
  ZeroBombSource(const ZeroBombSource&) = delete;
  ZeroBombSource& operator=(const ZeroBombSource&) = delete;

  std::size_t read(char* buffer, std::size_t size) override {
    if (m_finished) return 0;
    m_zlib.next_out = reinterpret_cast<Bytef*>(buffer);
    m_zlib.avail_out = static_cast<uInt>(std::min(size, m_piece));
    while (m_zlib.avail_out != 0 && !m_finished) {
      if (m_zlib.avail_in == 0 && m_left != 0) {
        const auto count = static_cast<uInt>(std::min<std::uint64_t>(m_left, m_zeros.size()));
        m_zlib.next_in = reinterpret_cast<Bytef*>(m_zeros.data());
        m_zlib.avail_in = count;
        m_left -= count;
      }
      const int status = deflate(&m_zlib, m_left == 0 ? Z_FINISH : Z_NO_FLUSH);
      if (status == Z_STREAM_END)
        m_finished = true;
      else if (status != Z_OK && status != Z_BUF_ERROR)
        throw std::runtime_error("deflate");
    }
    const auto produced = static_cast<std::size_t>(reinterpret_cast<char*>(m_zlib.next_out) - buffer);
    m_delivered += produced;
    return produced;
  }
  const ObjectInfo& info() const override { return m_info; }
  std::uint64_t bytes_received() const override { return m_delivered; }

 private:
  z_stream m_zlib{};
  std::uint64_t m_left;
  std::size_t m_piece;
  std::string m_zeros;
  bool m_finished = false;
  std::uint64_t m_delivered = 0;
  ObjectInfo m_info;
};

inline FeedConfig feed_with(Encoding encoding, std::uint64_t max_ratio = 200) {
  FeedConfig feed;
  feed.name = "vendor-orders";
  feed.encoding = encoding;
  feed.max_decompression_ratio = max_ratio;
  return feed;
}

// What reading a decoded stream to its end gave.
struct Decoded {
  std::string text;                  // everything read before the end or the failure
  std::optional<Error> failure;      // the Failure read() threw, if any
  std::uint64_t bytes_received = 0;  // the wrapper's bytes_received() at the end
};

// Reads `source` to the end with a buffer of `read_size` bytes.
inline Decoded read_all(ByteSource& source, std::size_t read_size = 256u << 10) {
  Decoded decoded;
  std::vector<char> buffer(read_size);
  try {
    for (;;) {
      const std::size_t got = source.read(buffer.data(), buffer.size());
      if (got == 0) break;
      decoded.text.append(buffer.data(), got);
    }
  } catch (const Failure& failure) {
    decoded.failure = failure.error();
  }
  decoded.bytes_received = source.bytes_received();
  return decoded;
}

inline Decoded decode(std::string raw, const FeedConfig& feed, std::vector<std::size_t> pieces = {1u << 20},
                      std::size_t read_size = 256u << 10) {
  auto source = decode_object(std::make_unique<PieceSource>(std::move(raw), std::move(pieces)), feed);
  return read_all(*source, read_size);
}

}  // namespace s3load::decode::testing
