// The byte stages before the CSV reader (src/decode: gzip, zstd, bzip2, xz with the decompression-ratio
// limit, windows-1252/latin-1 transcoding) and delimiter detection, on arbitrary bytes delivered in random
// pieces and read into random buffer sizes: they only ever fail with their documented permanent errors,
// never grow past the ratio limit, and give the same bytes however the input is split.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "decode/decoding_source.h"
#include "feeds/feed_config.h"
#include "fuzz_support.h"

namespace {

using s3load::fuzz::check;

// The object's bytes, handed out in pieces of the chunker's sizes (or whole).
class MemorySource : public s3load::ByteSource {
 public:
  MemorySource(std::string_view bytes, std::optional<s3load::fuzz::Chunker> chunker)
      : m_bytes(bytes), m_chunker(chunker) {}

  std::size_t read(char* buffer, std::size_t size) override {
    const std::size_t left = m_bytes.size() - m_position;
    if (left == 0 || size == 0) return 0;
    const std::size_t piece = std::min({size, left, m_chunker ? m_chunker->next(left) : left});
    std::memcpy(buffer, m_bytes.data() + m_position, piece);
    m_position += piece;
    return piece;
  }
  const s3load::ObjectInfo& info() const override { return m_info; }
  std::uint64_t bytes_received() const override { return m_position; }

 private:
  std::string_view m_bytes;
  std::optional<s3load::fuzz::Chunker> m_chunker;
  std::size_t m_position = 0;
  s3load::ObjectInfo m_info;
};

struct Decoded {
  std::string bytes;
  std::string error_code;  // empty when the stream ended normally
  std::uint64_t consumed = 0;
};

constexpr std::size_t MAX_OUTPUT = 64u << 20;

Decoded decode(std::string_view input, const s3load::FeedConfig& feed,
               std::optional<s3load::fuzz::Chunker> chunker) {
  auto raw = std::make_unique<MemorySource>(input, chunker);
  const auto* source = raw.get();
  auto decoded = s3load::decode_object(std::move(raw), feed);
  Decoded result;
  std::string buffer(64 * 1024, '\0');
  try {
    for (;;) {
      const std::size_t want = chunker ? chunker->next(buffer.size()) : buffer.size();
      const std::size_t got = decoded->read(buffer.data(), want);
      check(got <= want, "read() stays within the buffer");
      if (got == 0) break;
      result.bytes.append(buffer.data(), got);
      check(result.bytes.size() <= MAX_OUTPUT, "the ratio limit bounds the output");
    }
    check(decoded->read(buffer.data(), buffer.size()) == 0, "read() keeps returning 0 after the end");
  } catch (const s3load::Failure& failure) {
    check(!failure.error().is_transient(), "a decoding failure is permanent");
    const auto& code = failure.error().code;
    check(code == "bad_gzip" || code == "bad_zstd" || code == "bad_bzip2" || code == "bad_xz" ||
              code == "decompression_bomb" || code == "bad_encoding",
          "a documented error code");
    result.error_code = code;
    bool again = false;
    try {
      decoded->read(buffer.data(), buffer.size());
    } catch (const s3load::Failure& repeated) {
      again = repeated.error().code == code;
    }
    check(again, "read() throws the same failure again");
  }
  result.consumed = source->bytes_received();
  check(decoded->bytes_received() == result.consumed, "bytes_received() counts the raw bytes");
  return result;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::uint32_t hash = s3load::fuzz::hash(data, size);
  std::string utf8_output;
  for (const auto encoding :
       {s3load::Encoding::utf8, s3load::Encoding::windows_1252, s3load::Encoding::latin_1}) {
    s3load::FeedConfig feed;
    feed.encoding = encoding;
    // The default limit, or a small one so that the fuzzer reaches it with small inputs.
    feed.max_decompression_ratio = (hash & 1) ? 200 : 2 + ((hash >> 1) & 63);

    const Decoded whole = decode(bytes, feed, std::nullopt);
    const Decoded pieces = decode(bytes, feed, s3load::fuzz::Chunker(hash >> 7));
    // The ratio is checked against what has been consumed so far, which depends on the pieces: a bomb
    // may be noticed at a different point. Everything else must not depend on them.
    // A corrupt compressed stream whose bytes before the fault also hold a byte the encoding rejects is
    // either error depending on the pieces: libzstd reports a bad checksum without handing out the
    // bytes it wrote in that call, so which fault is noticed first follows the cut. Both reject the file.
    const auto compression_fault = [](const std::string& code) {
      return code.starts_with("bad_") && code != "bad_encoding";
    };
    const bool either_fault = (compression_fault(whole.error_code) && pieces.error_code == "bad_encoding") ||
                              (compression_fault(pieces.error_code) && whole.error_code == "bad_encoding");
    if (whole.error_code != "decompression_bomb" && pieces.error_code != "decompression_bomb" &&
        !either_fault) {
      check(whole.error_code == pieces.error_code, "splitting the input changes the outcome");
      if (whole.error_code.empty())
        check(whole.bytes == pieces.bytes, "splitting the input changes the bytes");
    }
    if (whole.error_code.empty() && encoding != s3load::Encoding::utf8)
      check(s3load::fuzz::is_utf8(whole.bytes), "transcoded text is UTF-8");
    if (encoding == s3load::Encoding::utf8 && whole.error_code.empty()) utf8_output = whole.bytes;
  }

  for (const char quote : {'"', '\''}) {
    if (const auto delimiter =
            s3load::detect_delimiter(std::string_view(utf8_output).substr(0, 64 * 1024), quote))
      check(std::string_view(",;\t|").find(*delimiter) != std::string_view::npos,
            "a detected delimiter is , ; tab or |");
  }
  return 0;
}
