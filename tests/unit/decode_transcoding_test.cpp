// windows-1252 and latin-1 to UTF-8 through decode_object: every byte's mapping, undefined bytes with
// their line and offset, any chunking, and gzip underneath.
#include <gtest/gtest.h>

#include <string>

#include "decode/line_counter.h"
#include "decode/transcoder.h"
#include "decode_test_support.h"

namespace s3load::decode::testing {
namespace {

// U+0080..U+07FF as UTF-8, written out independently of the code under test.
std::string two_byte_utf8(unsigned code_point) {
  return {static_cast<char>(0xC0 | (code_point >> 6)), static_cast<char>(0x80 | (code_point & 0x3F))};
}

std::string bytes_from(unsigned first, unsigned last) {
  std::string out;
  for (unsigned byte = first; byte <= last; ++byte)
    out += static_cast<char>(byte);
  return out;
}

TEST(DecodeWindows1252, EveryDefinedByteMapsToItsCharacter) {
  std::string input = bytes_from(0x00, 0xFF);
  for (const char undefined : {'\x81', '\x8D', '\x8F', '\x90', '\x9D'})
    input.erase(input.find(undefined), 1);

  std::string expected = bytes_from(0x00, 0x7F);
  expected += "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
  for (unsigned code_point = 0xA0; code_point <= 0xFF; ++code_point)
    expected += two_byte_utf8(code_point);

  const Decoded decoded = decode(input, feed_with(Encoding::windows_1252));
  ASSERT_FALSE(decoded.failure) << decoded.failure->message;
  EXPECT_EQ(decoded.text, expected);
  EXPECT_EQ(decoded.bytes_received, input.size());
}

TEST(DecodeWindows1252, TypicalVendorText) {
  const std::string input =
      "name;price\r\nCaf\xE9 cr\xE8me;\x80 3,50\r\n\x93Gr\xFC\xDF"
      "e\x94;\x85\r\n";
  const Decoded decoded = decode(input, feed_with(Encoding::windows_1252));
  ASSERT_FALSE(decoded.failure) << decoded.failure->message;
  EXPECT_EQ(decoded.text, "name;price\r\nCafé crème;€ 3,50\r\n“Grüße”;…\r\n");
}

TEST(DecodeWindows1252, Utf8BomIsThreeOrdinaryCharacters) {
  const Decoded decoded = decode("\xEF\xBB\xBFid\n", feed_with(Encoding::windows_1252));
  EXPECT_EQ(decoded.text, "ï»¿id\n");
}

TEST(DecodeWindows1252, EachUndefinedByteIsRejectedWithLineAndOffset) {
  for (const char undefined : {'\x81', '\x8D', '\x8F', '\x90', '\x9D'}) {
    // Line breaks of every kind before it: CRLF, lone CR, LF, and a CR inside quotes.
    const std::string input = std::string("id,name\r\n1,\"a\rb\"\n2,x") + undefined + "y\n3,z\n";
    const Decoded decoded = decode(input, feed_with(Encoding::windows_1252));
    ASSERT_TRUE(decoded.failure);
    EXPECT_EQ(decoded.failure->error_class, ErrorClass::permanent);
    EXPECT_EQ(decoded.failure->code, "bad_encoding");
    EXPECT_EQ(decoded.failure->message,
              "line 4: byte 0x" +
                  std::string(undefined == '\x81'   ? "81"
                              : undefined == '\x8D' ? "8D"
                              : undefined == '\x8F' ? "8F"
                              : undefined == '\x90' ? "90"
                                                    : "9D") +
                  " at byte offset 20 is not a windows-1252 character (0x81, 0x8D, 0x8F, 0x90 and 0x9D are "
                  "undefined there); the file is in another encoding: set the feed's encoding to match it "
                  "(utf-8, windows-1252 or latin-1)");
  }
}

TEST(DecodeWindows1252, LineAndOffsetDoNotDependOnHowTheStreamIsCut) {
  const std::string input = "a\r\n\r\nb\r\rc\n\n\r\nd\x80\xE9\x90 tail";
  const std::string expected_message =
      "line 8: byte 0x90 at byte offset 16 is not a windows-1252 character (0x81, 0x8D, 0x8F, 0x90 and 0x9D "
      "are undefined there); the file is in another encoding: set the feed's encoding to match it (utf-8, "
      "windows-1252 or latin-1)";
  for (std::size_t first = 1; first < input.size(); ++first) {
    for (const std::size_t read_size : {1u, 2u, 3u, 4u, 1024u}) {
      const Decoded decoded = decode(input, feed_with(Encoding::windows_1252), split_at(first), read_size);
      ASSERT_TRUE(decoded.failure) << first;
      ASSERT_EQ(decoded.failure->message, expected_message)
          << "split at " << first << ", reads of " << read_size;
      ASSERT_EQ(decoded.text, "a\r\n\r\nb\r\rc\n\n\r\nd€é")
          << "split at " << first << ", reads of " << read_size;
    }
  }
  const Decoded bytewise = decode(input, feed_with(Encoding::windows_1252), {1}, 1);
  EXPECT_EQ(bytewise.failure->message, expected_message);
}

TEST(DecodeWindows1252, UndefinedByteInGzipDataNamesTheDecompressedOffset) {
  const std::string text = "id\n" + std::string(100000, 'x') + "\n\x8F\n";
  const Decoded decoded = decode(gzip(text), feed_with(Encoding::windows_1252));
  ASSERT_TRUE(decoded.failure);
  EXPECT_EQ(
      decoded.failure->message,
      "line 3: byte 0x8F at byte offset 100004 of the decompressed data is not a windows-1252 character "
      "(0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined there); the file is in another encoding: set the "
      "feed's encoding to match it (utf-8, windows-1252 or latin-1)");
}

TEST(DecodeWindows1252, CharactersSplitAcrossSmallReadsAreReassembled) {
  const std::string input =
      "\x80\xE9"
      "a\x99\x80\x80";
  const std::string expected = "€éa™€€";
  for (const std::size_t read_size : {1u, 2u, 3u, 4u, 5u}) {
    for (const std::size_t piece : {1u, 2u, 6u}) {
      const Decoded decoded = decode(input, feed_with(Encoding::windows_1252), {piece}, read_size);
      ASSERT_FALSE(decoded.failure) << decoded.failure->message;
      EXPECT_EQ(decoded.text, expected) << piece << "-byte pieces, reads of " << read_size;
    }
  }
}

TEST(DecodeWindows1252, GzippedTextIsDecompressedThenTranscoded) {
  std::string input;
  for (int row = 0; row < 5000; ++row)
    input += std::to_string(row) + ";M\xFCller;\x80 " + std::to_string(row % 100) + ",50\r\n";
  const std::string compressed = gzip(input);
  const Decoded decoded = decode(compressed, feed_with(Encoding::windows_1252), {4096});
  ASSERT_FALSE(decoded.failure) << decoded.failure->message;
  std::string expected;
  for (int row = 0; row < 5000; ++row)
    expected += std::to_string(row) + ";Müller;€ " + std::to_string(row % 100) + ",50\r\n";
  EXPECT_EQ(decoded.text, expected);
  EXPECT_EQ(decoded.bytes_received, compressed.size());
}

TEST(DecodeLatin1, EveryByteMapsToTheCodePointOfTheSameValue) {
  const std::string input = bytes_from(0x00, 0xFF);
  std::string expected = bytes_from(0x00, 0x7F);
  for (unsigned code_point = 0x80; code_point <= 0xFF; ++code_point)
    expected += two_byte_utf8(code_point);
  for (const std::size_t read_size : {1u, 2u, 3u, 64u, 4096u}) {
    const Decoded decoded = decode(input, feed_with(Encoding::latin_1), {5}, read_size);
    ASSERT_FALSE(decoded.failure) << decoded.failure->message;
    EXPECT_EQ(decoded.text, expected) << "reads of " << read_size;
  }
}

TEST(DecodeLatin1, BytesWindows1252LeavesUndefinedAreC1Controls) {
  EXPECT_EQ(decode("\x81\x8D\x8F\x90\x9D\x80", feed_with(Encoding::latin_1)).text,
            "\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D\xC2\x80");
}

TEST(SingleByteTranscoder, StopsBeforeACharacterThatDoesNotFit) {
  SingleByteTranscoder transcoder(Encoding::windows_1252, false);
  char out[8];
  const TranscodeStep step = transcoder.transcode(
      "ab\x80"
      "c",
      out, 4);
  EXPECT_EQ(step.consumed, 2u);
  EXPECT_EQ(step.produced, 2u);
  EXPECT_EQ(std::string(out, 2), "ab");
}

TEST(SingleByteTranscoder, RefusesUtf8) {
  EXPECT_THROW(SingleByteTranscoder(Encoding::utf8, false), std::invalid_argument);
}

TEST(LineCounter, CountsLfCrlfAndLoneCrOnceEachAcrossPieces) {
  LineCounter lines;
  lines.advance("a\r");
  EXPECT_EQ(lines.line(), 2u);
  lines.advance("\nb\r\r");  // the LF completes a CRLF: no new line
  EXPECT_EQ(lines.line(), 4u);
  lines.advance("");
  lines.advance("\n");
  EXPECT_EQ(lines.line(), 4u);
  lines.advance("\n\n");
  EXPECT_EQ(lines.line(), 6u);
}

}  // namespace
}  // namespace s3load::decode::testing
