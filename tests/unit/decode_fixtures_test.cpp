// The fixtures in tests/fixtures/decode, which integration tests load as vendor files, decode as their
// README says.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "decode_test_support.h"

namespace s3load::decode::testing {
namespace {

namespace fs = std::filesystem;

const fs::path FIXTURES = fs::path(S3LOAD_FIXTURES_DIR) / "decode";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(DecodeFixtures, GzippedWindows1252VendorFileDecodesToItsUtf8Text) {
  const std::string compressed = read_file(FIXTURES / "vendor_orders_windows1252.csv.gz");
  const std::string expected = read_file(FIXTURES / "vendor_orders_windows1252.expected.csv");
  for (const std::size_t piece : {1u, 17u, 4096u}) {
    const Decoded decoded = decode(compressed, feed_with(Encoding::windows_1252), {piece});
    ASSERT_FALSE(decoded.failure) << decoded.failure->message;
    EXPECT_EQ(decoded.text, expected);
    EXPECT_EQ(decoded.bytes_received, compressed.size());
  }
  EXPECT_EQ(detect_delimiter(expected, '"'), ',');
}

TEST(DecodeFixtures, GzippedWindows1252FileReadAsUtf8IsOnlyDecompressed) {
  // The wrong encoding is not guessed around: the bytes come out as they are, for UTF-8 validation
  // to reject later.
  const Decoded decoded =
      decode(read_file(FIXTURES / "vendor_orders_windows1252.csv.gz"), feed_with(Encoding::utf8));
  ASSERT_FALSE(decoded.failure) << decoded.failure->message;
  EXPECT_NE(decoded.text.find("Caf\xE9 M\xFCller"), std::string::npos);
}

TEST(DecodeFixtures, SemicolonFileIsDetectedAndPassesThrough) {
  const std::string text = read_file(FIXTURES / "semicolon_orders.csv");
  EXPECT_EQ(detect_delimiter(text, '"'), ';');
  EXPECT_EQ(decode(text, feed_with(Encoding::utf8)).text, text);
}

}  // namespace
}  // namespace s3load::decode::testing
