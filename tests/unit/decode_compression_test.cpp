// zstd, bzip2 and xz through decode_object: detection by magic bytes, frames one after another, chunk
// boundaries, truncated, corrupt and trailing data, and the decompression-ratio limit (gzip has its own
// file, decode_gzip_test.cpp, on the same decompressing source).
#include <bzlib.h>
#include <gtest/gtest.h>
#include <lzma.h>
#include <zstd.h>

#include <functional>
#include <string>

#include "decode/codecs.h"
#include "decode_test_support.h"

namespace s3load::decode::testing {
namespace {

// As the zstd command line writes it: with a content checksum.
std::string zstd(std::string_view data, int level = 3) {
  ZSTD_CCtx* context = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t size = ZSTD_compress2(context, out.data(), out.size(), data.data(), data.size());
  ZSTD_freeCCtx(context);
  if (ZSTD_isError(size)) throw std::runtime_error("ZSTD_compress2");
  out.resize(size);
  return out;
}

std::string bzip2(std::string_view data, int level = 9) {
  std::string out(data.size() + data.size() / 100 + 600, '\0');
  auto size = static_cast<unsigned>(out.size());
  if (BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char*>(data.data()),
                               static_cast<unsigned>(data.size()), level, 0, 0) != BZ_OK)
    throw std::runtime_error("BZ2_bzBuffToBuffCompress");
  out.resize(size);
  return out;
}

std::string xz(std::string_view data, std::uint32_t preset = 6) {
  std::string out(lzma_stream_buffer_bound(data.size()), '\0');
  std::size_t size = 0;
  if (lzma_easy_buffer_encode(preset, LZMA_CHECK_CRC64, nullptr,
                              reinterpret_cast<const std::uint8_t*>(data.data()), data.size(),
                              reinterpret_cast<std::uint8_t*>(out.data()), &size, out.size()) != LZMA_OK)
    throw std::runtime_error("lzma_easy_buffer_encode");
  out.resize(size);
  return out;
}

struct Format {
  std::string name;
  std::function<std::string(std::string_view)> compress;
};

std::string rows(std::size_t count) {
  std::string out = "order_id,customer,amount\n";
  for (std::size_t row = 0; row < count; ++row)
    out += std::to_string(100000 + row) + ",Customer " + std::to_string(row * 7919 % 5000) + "," +
           std::to_string(row * 31 % 1000) + ".50\n";
  return out;
}

class DecodeCompression : public ::testing::TestWithParam<Format> {
 protected:
  const FeedConfig feed = feed_with(Encoding::utf8);
};

TEST_P(DecodeCompression, OneFrameIsDecompressedAndCountsCompressedBytesReceived) {
  const std::string text = rows(3000);
  const std::string compressed = GetParam().compress(text);
  const Decoded decoded = decode(compressed, feed);
  ASSERT_FALSE(decoded.failure) << decoded.failure->message;
  EXPECT_EQ(decoded.text, text);
  EXPECT_EQ(decoded.bytes_received, compressed.size());
}

TEST_P(DecodeCompression, FramesOneAfterAnotherAndZeroPaddingAreDecompressedInTurn) {
  const std::string a = rows(500), b = "last,frame\n";
  const std::string compressed =
      GetParam().compress(a) + GetParam().compress("") + GetParam().compress(b) + std::string(8, '\0');
  const Decoded decoded = decode(compressed, feed);
  ASSERT_FALSE(decoded.failure) << decoded.failure->message;
  EXPECT_EQ(decoded.text, a + b);
}

TEST_P(DecodeCompression, TheBytesDoNotDependOnHowTheInputIsCut) {
  const std::string text = rows(800);
  const std::string compressed = GetParam().compress(text) + GetParam().compress(text);
  for (const std::vector<std::size_t>& pieces : {std::vector<std::size_t>{1}, {7, 3}, {4096}}) {
    const Decoded decoded = decode(compressed, feed, pieces, 1000);
    ASSERT_FALSE(decoded.failure) << decoded.failure->message;
    EXPECT_EQ(decoded.text, text + text);
  }
}

TEST_P(DecodeCompression, ATruncatedFileIsRejectedNamingTheOffset) {
  const std::string compressed = GetParam().compress(rows(2000));
  const std::string cut = compressed.substr(0, compressed.size() / 2);
  const Decoded decoded = decode(cut, feed);
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->code, "bad_" + GetParam().name);
  EXPECT_FALSE(decoded.failure->is_transient());
  EXPECT_EQ(decoded.failure->message,
            GetParam().name + " data ends early, at compressed byte offset " + std::to_string(cut.size()) +
                ", inside the " + (GetParam().name == "zstd" ? "frame" : "stream") +
                " that starts at offset 0: the file is truncated (an interrupted upload or copy?); upload "
                "it again");
}

TEST_P(DecodeCompression, CorruptDataIsRejected) {
  std::string compressed = GetParam().compress(rows(2000));
  for (std::size_t at = compressed.size() / 3; at < compressed.size() / 3 + 16; ++at)
    compressed[at] = static_cast<char>(compressed[at] ^ 0x5a);
  const Decoded decoded = decode(compressed, feed);
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->code, "bad_" + GetParam().name);
  EXPECT_TRUE(decoded.failure->message.starts_with(GetParam().name + " data ")) << decoded.failure->message;
}

TEST_P(DecodeCompression, DataAfterAFrameThatIsNoFrameIsRejected) {
  const std::string frame = GetParam().compress("id\n1\n");
  const Decoded decoded = decode(frame + "id,trailing text that is not compressed\n", feed);
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->code, "bad_" + GetParam().name);
  EXPECT_NE(decoded.failure->message.find("after a complete " + GetParam().name), std::string::npos)
      << decoded.failure->message;
  EXPECT_EQ(decoded.text, "id\n1\n");
}

TEST_P(DecodeCompression, ABombIsStoppedByTheRatioLimit) {
  const std::string zeros(64u << 20, '0');
  const std::string compressed = GetParam().compress(zeros);
  const Decoded decoded = decode(compressed, feed_with(Encoding::utf8, 200), {4096}, 64u << 10);
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->code, "decompression_bomb");
  EXPECT_TRUE(decoded.failure->message.starts_with(GetParam().name + " data expanded "))
      << decoded.failure->message;
  EXPECT_LT(decoded.text.size(), zeros.size());
}

TEST_P(DecodeCompression, WindowsTextIsTranscodedAfterDecompression) {
  const Decoded decoded = decode(GetParam().compress("name\ncaf\xe9\n"), feed_with(Encoding::windows_1252));
  ASSERT_FALSE(decoded.failure) << decoded.failure->message;
  EXPECT_EQ(decoded.text, "name\ncaf\xc3\xa9\n");
}

INSTANTIATE_TEST_SUITE_P(Formats, DecodeCompression,
                         ::testing::Values(Format{"zstd", [](std::string_view d) { return zstd(d); }},
                                           Format{"bzip2", [](std::string_view d) { return bzip2(d); }},
                                           Format{"xz", [](std::string_view d) { return xz(d); }}),
                         [](const auto& test) { return test.param.name; });

TEST(DetectCompression, MagicBytesNameTheFormat) {
  EXPECT_EQ(detect_compression("\x1f\x8b\x08"), Compression::gzip);
  EXPECT_EQ(detect_compression("\x28\xb5\x2f\xfd\x00"), Compression::zstd);
  EXPECT_EQ(detect_compression("\x5e\x2a\x4d\x18"), Compression::zstd);  // a skippable frame first
  EXPECT_EQ(detect_compression("BZh9"), Compression::bzip2);
  EXPECT_EQ(detect_compression(std::string_view("\xfd"
                                                "7zXZ\0",
                                                6)),
            Compression::xz);
  // Text that happens to start like one of them is text.
  EXPECT_EQ(detect_compression("BZh,name\n"), Compression::none);
  EXPECT_EQ(detect_compression("BZh"), Compression::none);
  EXPECT_EQ(detect_compression(std::string_view("\xfd"
                                                "7zX",
                                                4)),
            Compression::none);
  EXPECT_EQ(detect_compression("id,name"), Compression::none);
  EXPECT_EQ(detect_compression(""), Compression::none);
}

TEST(DecodeZstd, AFrameNeedingAWindowAbove128MiBIsRefusedBeforeItsMemoryIsTaken) {
  // A frame header that declares a 1 GiB window (Window_Descriptor exponent 20: 2^(10+20)) and no
  // content size: the decoder refuses it from the header alone.
  const std::string header("\x28\xb5\x2f\xfd\x00\xa0", 6);
  const Decoded decoded = decode(header + std::string(64, 'x'), feed_with(Encoding::utf8));
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->code, "bad_zstd");
  EXPECT_NE(decoded.failure->message.find("window above 128 MiB"), std::string::npos)
      << decoded.failure->message;
}

}  // namespace
}  // namespace s3load::decode::testing
