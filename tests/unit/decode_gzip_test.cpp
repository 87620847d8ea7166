// gzip detection and streaming gunzip through decode_object: members, chunk boundaries, corrupt and
// truncated streams, and the decompression-ratio limit.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <string>

#include "decode_test_support.h"

namespace s3load::decode::testing {
namespace {

// A few hundred rows of a vendor export: compresses about 5:1, like real CSV.
std::string orders(std::size_t rows, std::uint32_t seed = 1) {
  std::mt19937 rng(seed);
  std::string out = "order_id,customer,amount,order_date\r\n";
  for (std::size_t row = 0; row < rows; ++row) {
    out += std::to_string(100000 + row) + ",\"Customer " + std::to_string(rng() % 5000) + "\"," +
           std::to_string(rng() % 100000) + "." + std::to_string(10 + rng() % 90) + ",2024-0" +
           std::to_string(1 + rng() % 9) + "-1" + std::to_string(rng() % 10) + "\r\n";
  }
  return out;
}

FeedConfig utf8_feed(std::uint64_t max_ratio = 200) {
  return feed_with(Encoding::utf8, max_ratio);
}

TEST(DecodeGzip, SingleMemberIsDecompressedAndCountsCompressedBytesReceived) {
  const std::string text = orders(2000);
  const std::string compressed = gzip(text);
  const Decoded decoded = decode(compressed, utf8_feed());
  ASSERT_FALSE(decoded.failure) << decoded.failure->message;
  EXPECT_EQ(decoded.text, text);
  EXPECT_EQ(decoded.bytes_received, compressed.size());
}

TEST(DecodeGzip, DetectedByMagicBytesWhateverTheObjectSays) {
  auto raw = std::make_unique<PieceSource>(gzip("a,b\n1,2\n"));
  auto source = decode_object(std::move(raw), utf8_feed());
  EXPECT_EQ(source->info().content_encoding, "test");  // info() is the raw object's
  EXPECT_EQ(read_all(*source).text, "a,b\n1,2\n");
}

TEST(DecodeGzip, MembersOneAfterAnotherAreDecompressedInTurn) {
  const std::string a = orders(300, 1), b = orders(10, 2), c = "last,member\n";
  // An empty member (gzip -c /dev/null) in the middle, as concatenating tools may leave.
  const std::string compressed = gzip(a) + gzip(b, 1) + gzip("") + gzip(c, 9);
  const Decoded decoded = decode(compressed, utf8_feed());
  ASSERT_FALSE(decoded.failure) << decoded.failure->message;
  EXPECT_EQ(decoded.text, a + b + c);
  EXPECT_EQ(decoded.bytes_received, compressed.size());
}

TEST(DecodeGzip, HeaderWithFileNameAndCommentIsSkipped) {
  // gzip(1) stores the original file name (FNAME); some exporters add a comment (FCOMMENT) and a
  // header CRC (FHCRC).
  z_stream zlib{};
  ASSERT_EQ(deflateInit2(&zlib, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  char name[] = "orders Q1.csv";
  char comment[] = "exported by the vendor";
  gz_header header{};
  header.name = reinterpret_cast<Bytef*>(name);
  header.comment = reinterpret_cast<Bytef*>(comment);
  header.hcrc = 1;
  ASSERT_EQ(deflateSetHeader(&zlib, &header), Z_OK);
  std::string text = "id,name\n1,x\n";
  std::string compressed(256, '\0');
  zlib.next_in = reinterpret_cast<Bytef*>(text.data());
  zlib.avail_in = static_cast<uInt>(text.size());
  zlib.next_out = reinterpret_cast<Bytef*>(compressed.data());
  zlib.avail_out = static_cast<uInt>(compressed.size());
  ASSERT_EQ(deflate(&zlib, Z_FINISH), Z_STREAM_END);
  compressed.resize(zlib.total_out);
  deflateEnd(&zlib);

  const Decoded decoded = decode(compressed, utf8_feed());
  ASSERT_FALSE(decoded.failure) << decoded.failure->message;
  EXPECT_EQ(decoded.text, text);
}

TEST(DecodeGzip, EveryWayOfSplittingTheCompressedStreamGivesTheSameText) {
  const std::string text = orders(12) + "é,\"quoted\r\nline\"\n";
  const std::string compressed = gzip(text.substr(0, 200)) + gzip(text.substr(200));
  for (std::size_t first = 1; first < compressed.size(); ++first) {
    const Decoded decoded = decode(compressed, utf8_feed(), split_at(first));
    ASSERT_FALSE(decoded.failure) << "split at " << first << ": " << decoded.failure->message;
    ASSERT_EQ(decoded.text, text) << "split at " << first;
  }
  for (const std::size_t piece : {1u, 2u, 3u, 7u, 64u}) {
    for (const std::size_t read_size : {1u, 2u, 5u, 4096u}) {
      const Decoded decoded = decode(compressed, utf8_feed(), {piece}, read_size);
      ASSERT_FALSE(decoded.failure) << decoded.failure->message;
      ASSERT_EQ(decoded.text, text) << piece << "-byte pieces, " << read_size << "-byte reads";
      EXPECT_EQ(decoded.bytes_received, compressed.size());
    }
  }
}

TEST(DecodeGzip, ZeroPaddingAfterTheLastMemberIsIgnored) {
  const std::string text = orders(50);
  const Decoded decoded = decode(gzip(text) + std::string(1024, '\0'), utf8_feed(), {100});
  ASSERT_FALSE(decoded.failure) << decoded.failure->message;
  EXPECT_EQ(decoded.text, text);
}

TEST(DecodeGzip, DataAfterAMemberThatIsNotAMemberIsRejected) {
  const std::string member = gzip("a,b\n1,2\n");
  const Decoded decoded = decode(member + "trailing text\n", utf8_feed());
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->error_class, ErrorClass::permanent);
  EXPECT_EQ(decoded.failure->code, "bad_gzip");
  EXPECT_EQ(decoded.failure->message,
            "gzip data is corrupt (incorrect header check), noticed at compressed byte offset " +
                std::to_string(member.size() + 2) + ": the data at offset " + std::to_string(member.size()) +
                ", after a complete gzip member, is not another gzip member; upload an intact file");
  EXPECT_EQ(decoded.text, "a,b\n1,2\n");
}

TEST(DecodeGzip, TruncatedAnywhereIsBadGzipNamingTheOffset) {
  const std::string text = orders(40);
  const std::string compressed = gzip(text);
  // Two bytes are the least that is recognised as gzip (one byte 1f is just data).
  for (std::size_t cut = 2; cut < compressed.size(); ++cut) {
    const Decoded decoded = decode(compressed.substr(0, cut), utf8_feed(), {97});
    ASSERT_TRUE(decoded.failure) << "cut at " << cut;
    EXPECT_EQ(decoded.failure->code, "bad_gzip");
    ASSERT_EQ(decoded.failure->message,
              "gzip data ends early, at compressed byte offset " + std::to_string(cut) +
                  ", inside the member that starts at offset 0: the file is truncated (an interrupted "
                  "upload or copy?); upload it again");
    EXPECT_TRUE(text.starts_with(decoded.text)) << "cut at " << cut;
  }
}

TEST(DecodeGzip, TruncatedSecondMemberNamesWhereThatMemberStarts) {
  const std::string first = gzip("a\n");
  const std::string second = gzip("b\n");
  const Decoded decoded = decode(first + second.substr(0, second.size() - 3), utf8_feed());
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->message,
            "gzip data ends early, at compressed byte offset " +
                std::to_string(first.size() + second.size() - 3) +
                ", inside the member that starts at offset " + std::to_string(first.size()) +
                ": the file is truncated (an interrupted upload or copy?); upload it again");
}

TEST(DecodeGzip, WrongCrcIsBadGzip) {
  const std::string text = orders(30);
  std::string compressed = gzip(text);
  // The trailer is CRC-32 then the length, 4 bytes each, little-endian.
  compressed[compressed.size() - 8] = static_cast<char>(compressed[compressed.size() - 8] ^ 0x01);
  const Decoded decoded = decode(compressed, utf8_feed());
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->code, "bad_gzip");
  EXPECT_EQ(decoded.failure->message,
            "gzip data is corrupt (incorrect data check), noticed at compressed byte offset " +
                std::to_string(compressed.size() - 4) + "; upload an intact file");
  EXPECT_EQ(decoded.text, text);  // the data came out whole before the check failed
}

TEST(DecodeGzip, WrongLengthIsBadGzip) {
  std::string compressed = gzip(orders(30));
  compressed[compressed.size() - 1] = '\x7f';
  const Decoded decoded = decode(compressed, utf8_feed());
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->message,
            "gzip data is corrupt (incorrect length check), noticed at compressed byte offset " +
                std::to_string(compressed.size()) + "; upload an intact file");
}

TEST(DecodeGzip, CorruptDeflateDataIsBadGzipAtItsOffset) {
  std::string compressed = gzip(orders(30));
  // The deflate data starts after the 10-byte header; block type 3 is reserved.
  compressed[10] = '\x07';
  const Decoded decoded = decode(compressed, utf8_feed());
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->code, "bad_gzip");
  EXPECT_EQ(
      decoded.failure->message,
      "gzip data is corrupt (invalid block type), noticed at compressed byte offset 11; upload an intact "
      "file");
  EXPECT_EQ(decoded.text, "");
}

TEST(DecodeGzip, UnknownCompressionMethodIsBadGzip) {
  std::string compressed = gzip("a\n");
  compressed[2] = '\x07';
  const Decoded decoded = decode(compressed, utf8_feed());
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->message,
            "gzip data is corrupt (unknown compression method), noticed at compressed byte offset 4; upload "
            "an intact file");
}

TEST(DecodeGzip, AFailureIsThrownAgainOnTheNextRead) {
  std::string compressed = gzip(orders(30));
  auto source = decode_object(std::make_unique<PieceSource>(compressed.substr(0, 40)), utf8_feed());
  const Decoded first = read_all(*source);
  ASSERT_TRUE(first.failure);
  const Decoded second = read_all(*source);
  ASSERT_TRUE(second.failure);
  EXPECT_EQ(second.failure->message, first.failure->message);
  EXPECT_EQ(second.text, "");
}

TEST(DecodeGzip, BombIsStoppedEarlyAfterReadingLittle) {
  // 10 GiB of zeros, about 10 MB compressed; it is produced only as far as it is read.
  auto bomb = std::make_unique<ZeroBombSource>(10ull << 30);
  const ZeroBombSource& compressed = *bomb;
  auto source = decode_object(std::move(bomb), utf8_feed(200));
  const auto started = std::chrono::steady_clock::now();
  const Decoded decoded = read_all(*source);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(decoded.failure->error_class, ErrorClass::permanent);
  EXPECT_EQ(decoded.failure->code, "decompression_bomb");
  EXPECT_LT(compressed.bytes_received(), 1u << 20);
  EXPECT_LT(compressed.bytes_received(), 16u << 10);  // in fact: about 2 MiB of output's worth
  // Generous for a loaded machine; it takes about 20 ms, most of it making the bomb.
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  EXPECT_EQ(decoded.bytes_received, compressed.bytes_received());
  EXPECT_LT(decoded.text.size(), 2u << 20);  // the first MiB is free, then one read's worth at most
  EXPECT_TRUE(decoded.failure->message.starts_with("gzip data expanded ")) << decoded.failure->message;
  EXPECT_NE(decoded.failure->message.find(
                " compressed bytes), more than the feed's max_decompression_ratio = 200; reading stopped "
                "there. If the file is genuine, raise max_decompression_ratio for feed \"vendor-orders\""),
            std::string::npos)
      << decoded.failure->message;
}

TEST(DecodeGzip, BombMessageSaysHowManyTimesItExpanded) {
  // 2 MiB of zeros in 2 KiB or so: past the free first MiB, the ratio is about 1000.
  const std::string compressed = gzip(std::string(2u << 20, '\0'), 9);
  const Decoded decoded = decode(compressed, utf8_feed(200), {1u << 20}, 1u << 20);
  ASSERT_TRUE(decoded.failure);
  // Reads of 1 MiB: the first is free, the second ends the stream (trailer included) past the limit.
  const std::uint64_t produced = 2u << 20;
  const std::uint64_t consumed = compressed.size();
  EXPECT_EQ(decoded.failure->message,
            "gzip data expanded " + std::to_string(produced / consumed) + " times (" +
                std::to_string(produced) + " bytes from the first " + std::to_string(consumed) +
                " compressed bytes), more than the feed's max_decompression_ratio = 200; reading stopped "
                "there. If the file is genuine, raise max_decompression_ratio for feed \"vendor-orders\"");
}

TEST(DecodeGzip, FirstMebibyteExpandsFreely) {
  // Ratio limit 1 (nothing may expand), yet exactly 1 MiB of zeros loads; one byte more does not.
  const std::string one_mib(1u << 20, '\0');
  const Decoded free = decode(gzip(one_mib, 9), utf8_feed(1));
  ASSERT_FALSE(free.failure) << free.failure->message;
  EXPECT_EQ(free.text.size(), one_mib.size());
  const Decoded over = decode(gzip(one_mib + "x", 9), utf8_feed(1));
  ASSERT_TRUE(over.failure);
  EXPECT_EQ(over.failure->code, "decompression_bomb");
}

// The whole stream's ratio, and the limits just above and just below it.
struct RatioCase {
  std::uint64_t decompressed = 0;
  std::uint64_t compressed = 0;
  double ratio() const { return static_cast<double>(decompressed) / static_cast<double>(compressed); }
};

TEST(DecodeGzip, RatioJustUnderTheLimitLoadsAndJustOverIsRejected) {
  // Highly repetitive rows (a constant prefix, empty trailing columns): about 206:1, just above the
  // default limit of 200, which real exports with many empty columns can come close to.
  std::string text;
  for (int row = 0; text.size() < (8u << 20); ++row)
    text += "2024-01-15,ACME,WIDGET,1," + std::to_string(row % 16) + ",0.00,,,,\n";
  const std::string compressed = gzip(text, 9);
  const RatioCase whole{text.size(), compressed.size()};
  ASSERT_GT(whole.ratio(), 50.0);

  const auto just_above = static_cast<std::uint64_t>(std::ceil(whole.ratio() * 1.01));
  const Decoded loads = decode(compressed, utf8_feed(just_above), {64u << 10});
  ASSERT_FALSE(loads.failure) << "ratio " << whole.ratio() << ", limit " << just_above << ": "
                              << loads.failure->message;
  EXPECT_EQ(loads.text.size(), text.size());

  const auto just_below = static_cast<std::uint64_t>(std::floor(whole.ratio() * 0.99));
  const Decoded rejected = decode(compressed, utf8_feed(just_below), {64u << 10});
  ASSERT_TRUE(rejected.failure) << "ratio " << whole.ratio() << ", limit " << just_below;
  EXPECT_EQ(rejected.failure->code, "decompression_bomb");
}

TEST(DecodeGzip, ZerosLoadWhenTheLimitAllowsDeflatesMaximumRatio) {
  // Deflate cannot exceed about 1032:1, so a limit above that lets even a file of zeros through.
  auto source = decode_object(std::make_unique<ZeroBombSource>(16u << 20, 64u << 10), utf8_feed(1100));
  std::vector<char> buffer(256u << 10);
  std::uint64_t total = 0;
  bool all_zeros = true;
  while (const std::size_t got = source->read(buffer.data(), buffer.size())) {
    total += got;
    all_zeros = all_zeros && std::all_of(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(got),
                                         [](char byte) { return byte == '\0'; });
  }
  EXPECT_EQ(total, 16u << 20);
  EXPECT_TRUE(all_zeros);
}

TEST(DecodePassthrough, NonGzipBytesPassUntouchedWhateverTheSplit) {
  std::mt19937 rng(42);
  std::string bytes(5000, '\0');
  for (char& byte : bytes)
    byte = static_cast<char>(rng());
  bytes[0] = '\x1f';  // the first magic byte alone is not gzip
  bytes[1] = '\x8c';
  for (const std::size_t first : {1u, 2u, 3u, 1000u, 4999u}) {
    const Decoded decoded = decode(bytes, utf8_feed(), split_at(first));
    ASSERT_FALSE(decoded.failure) << decoded.failure->message;
    EXPECT_EQ(decoded.text, bytes) << "split at " << first;
    EXPECT_EQ(decoded.bytes_received, bytes.size());
  }
  const Decoded one_at_a_time = decode(bytes, utf8_feed(), {1}, 1);
  EXPECT_EQ(one_at_a_time.text, bytes);
}

TEST(DecodePassthrough, BomAndInvalidUtf8AreLeftForLaterStages) {
  const std::string text = "\xEF\xBB\xBFid,name\n1,caf\xC3\xA9\n2,\xFF\xFE\n";
  EXPECT_EQ(decode(text, utf8_feed()).text, text);
}

TEST(DecodePassthrough, ShortAndEmptyObjects) {
  EXPECT_EQ(decode("", utf8_feed()).text, "");
  EXPECT_EQ(decode("\x1f", utf8_feed()).text, "\x1f");
  EXPECT_EQ(decode("a", utf8_feed()).text, "a");
  auto source = decode_object(std::make_unique<PieceSource>("ab"), utf8_feed());
  char buffer[8];
  EXPECT_EQ(source->read(buffer, sizeof buffer), 2u);
  EXPECT_EQ(source->read(buffer, sizeof buffer), 0u);
  EXPECT_EQ(source->read(buffer, sizeof buffer), 0u);  // the end stays the end
}

}  // namespace
}  // namespace s3load::decode::testing
