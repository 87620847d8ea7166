// The reader's key property: the outcome (records, lines, offsets, raw bytes, errors) does not depend on
// how the input is cut into chunks. Plus a randomized round trip against an RFC 4180 writer.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "csv/csv_reader.h"
#include "csv_test_support.h"

namespace s3load::csv {
namespace {

using testing::escape;
using testing::options;
using testing::Outcome;
using testing::OwnedRecord;
using testing::read_bytewise;
using testing::read_chunks;
using testing::read_split;
using testing::read_whole;

struct Case {
  std::string name;
  std::string input;
  Options options;
};

std::vector<Case> corpus() {
  const Options tiny_field = options().max_field_bytes(3);
  const Options tiny_record = options().max_record_bytes(7);
  const Options few_fields = options().max_fields(2);
  return {
      {"plain", "id,name\n1,alice\n2,bob\n", {}},
      {"quoted", "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\nnext\n", {}},
      {"doubled_quotes_only", "\"\"\"\",\"\"\"\"\"\"\n\"\"", {}},
      {"literal_quotes", "5\" pipe,a\"b\"\"c, \"x\"\n", {}},
      {"empty_fields", "\"\",,\"\"\n\"\"\n,\n,", {}},
      {"line_ends", "a\nb\r\nc\rd\r\r\n\n\re", {}},
      {"crlf_in_quotes", "\"a\r\nb\",c\r\nd,e\r\n", {}},
      {"cr_in_quotes", "\"x\ry\"\rz\r\"\r\r\n\n\"\r\n", {}},
      {"blank_lines", "\n\na\n\r\n\rb\n\nc\n\n", {}},
      {"whitespace_lines", "a\n \n\t\nb\n", {}},
      {"bom", "\xEF\xBB\xBFid,name\r\n1,a\r\n", {}},
      {"bom_only", "\xEF\xBB\xBF", {}},
      {"bom_quoted", "\xEF\xBB\xBF\"a\"\"\",b", {}},
      {"bom_kept", "\xEF\xBB\xBFid\n", options().keep_bom()},
      {"partial_bom", "\xEF\xBBx,y\n", {}},
      {"partial_bom_at_end", "\xEF\xBB", {}},
      {"empty", "", {}},
      {"single_byte", "x", {}},
      {"single_line_break", "\r\n", {}},
      {"header_only", "id,name", {}},
      {"trailing_delimiter", "a,b,\n,", {}},
      {"nul", std::string("a\0b,\0\n\"\0\"\0", 11), {}},
      {"non_ascii", "caf\xC3\xA9,\"\xE2\x82\xAC 5\",\xFF\xFE\n", {}},
      {"semicolon", "a;1,5;\"x;y\"\n;\n", options().delimiter(';')},
      {"tab", "a\tb c\t\"d\te\"\t\n", options().delimiter('\t')},
      {"single_quote", "'a,b','it''s',\"x\"\n", options().quote('\'')},
      {"unterminated", "id,name\n1,\"abc\n2,def\n", {}},
      {"unterminated_after_cr", "a\n\"b\r", {}},
      {"unterminated_after_doubled", "\"abc\"\"", {}},
      {"after_quote", "a,b\n1,\"x\"y,3\n", {}},
      {"after_quote_later_line", "h\n\"a\nb\" c\n", {}},
      {"after_quote_nul", std::string("\"a\"\0", 4), {}},
      {"field_limit_ok", "abc,\"xyz\",\"a\"\"b\"\n", tiny_field},
      {"field_limit_unquoted", "abc,abcd\n", tiny_field},
      {"field_limit_escapes", "\"a\"\"\"\"\"\"b\"\n", tiny_field},
      {"field_limit_line_breaks", "\"a\r\n\r\nb\"\n", tiny_field},
      {"field_limit_line_break_at_end", "\"ab\r", tiny_field},
      {"field_limit_line_break_then_quote", "\"ab\r\"\"\"", tiny_field},
      {"field_limit_before_bad_quote", "\"abcd\"x", tiny_field},
      {"record_limit_ok", "a,b,cd\n1234567\n", tiny_record},
      {"record_limit", "a,b\n0123,5678,abc\n", tiny_record},
      {"record_limit_quoted", "\"a\r\n\r\nb\"\n", tiny_record},
      {"record_limit_before_bad_quote", "x,\"abcdef\"x", tiny_record},
      {"record_limit_before_too_many", ",,,,,,,,,,", options().max_record_bytes(4).max_fields(6)},
      {"record_limit_and_field_limit", "abcdefghij", options().max_field_bytes(5).max_record_bytes(5)},
      {"record_limit_unterminated", "\"abcdefghij", tiny_record},
      {"too_many_fields", "a,b\n1,2,3\n", few_fields},
      {"too_many_fields_quoted", "a,b\n\"1\",\"2\",\"3\"\n", few_fields},
      {"too_many_fields_empty", ",,", few_fields},
  };
}

std::string describe(const Case& c) {
  return c.name + " " + escape(c.input);
}

TEST(CsvReaderChunking, EverySplitIntoTwoChunksGivesTheSameOutcomeAsTheWholeInput) {
  for (const Case& c : corpus()) {
    const Outcome whole = read_whole(c.input, c.options);
    for (std::size_t cut = 0; cut <= c.input.size(); ++cut) {
      ASSERT_EQ(read_split(c.input, {cut}, c.options), whole) << describe(c) << " cut at " << cut;
    }
  }
}

TEST(CsvReaderChunking, EverySplitIntoThreeChunksGivesTheSameOutcomeAsTheWholeInput) {
  for (const Case& c : corpus()) {
    const Outcome whole = read_whole(c.input, c.options);
    for (std::size_t first = 0; first <= c.input.size(); ++first) {
      for (std::size_t second = first; second <= c.input.size(); ++second) {
        ASSERT_EQ(read_split(c.input, {first, second}, c.options), whole)
            << describe(c) << " cut at " << first << " and " << second;
      }
    }
  }
}

TEST(CsvReaderChunking, FeedingOneByteAtATimeGivesTheSameOutcomeAsTheWholeInput) {
  for (const Case& c : corpus()) {
    EXPECT_EQ(read_bytewise(c.input, c.options), read_whole(c.input, c.options)) << describe(c);
  }
}

// Feeds every chunk without draining in between, then drains once: the reader must join them.
TEST(CsvReaderChunking, FeedingEverythingBeforeDrainingGivesTheSameOutcome) {
  for (const Case& c : corpus()) {
    Reader reader(c.options);
    for (std::size_t k = 0; k < c.input.size(); ++k) {
      reader.feed(std::string_view(c.input).substr(k, 1));
    }
    reader.finish();
    Outcome outcome;
    testing::drain(reader, outcome);
    EXPECT_EQ(outcome, read_whole(c.input, c.options)) << describe(c);
  }
}

// --- randomized -------------------------------------------------------------------------------------

std::uint64_t test_seed() {
  if (const char* fixed = std::getenv("S3LOAD_TEST_SEED")) return std::strtoull(fixed, nullptr, 10);
  return std::random_device{}();
}

// Cuts the input into chunks of random sizes, sometimes tiny, sometimes large.
std::vector<std::string_view> random_chunks(std::string_view input, std::mt19937_64& rng) {
  std::vector<std::string_view> chunks;
  const std::size_t scale = std::size_t{1} << (rng() % 9);  // 1 .. 256
  while (!input.empty()) {
    const std::size_t size = std::min<std::size_t>(input.size(), 1 + rng() % scale);
    chunks.push_back(input.substr(0, size));
    input.remove_prefix(size);
  }
  return chunks;
}

std::string random_value(std::mt19937_64& rng, char delimiter, char quote) {
  const std::string specials = {delimiter, quote, '\r', '\n', ' ', '\0', 'a', 'b'};
  std::string value;
  const std::size_t length = rng() % 4 == 0 ? 0 : rng() % 12;
  for (std::size_t k = 0; k < length; ++k) {
    value += rng() % 2 ? specials[rng() % specials.size()] : static_cast<char>(rng() % 256);
  }
  return value;
}

// Counts physical line breaks: LF, CRLF or a lone CR each count once.
std::uint64_t count_line_breaks(std::string_view text) {
  std::uint64_t breaks = 0;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (text[k] == '\n') ++breaks;
    if (text[k] == '\r') {
      ++breaks;
      if (k + 1 < text.size() && text[k + 1] == '\n') ++k;
    }
  }
  return breaks;
}

struct Generated {
  std::string input;
  std::vector<OwnedRecord> records;
};

// Writes random records the RFC 4180 way (quoting every field that needs it, and some that do not),
// with random line ends and blank lines, and keeps what the reader must give back.
Generated generate(std::mt19937_64& rng, const Options& options) {
  static constexpr std::string_view TERMINATORS[] = {"\n", "\r\n", "\r"};
  const char delimiter = options.delimiter;
  const char quote = options.quote;
  Generated generated;
  std::string& out = generated.input;
  std::uint64_t line = 1;
  bool after_cr = false;  // an LF right after a CR terminator would merge into a CRLF
  const std::size_t record_count = 1 + rng() % 20;
  for (std::size_t r = 0; r < record_count; ++r) {
    while (rng() % 5 == 0) {  // blank lines
      const std::string_view blank = after_cr ? TERMINATORS[1 + rng() % 2] : TERMINATORS[rng() % 3];
      out += blank;
      ++line;
      after_cr = blank == "\r";
    }
    OwnedRecord record;
    record.line = line;
    record.byte_offset = out.size();
    const std::size_t field_count = 1 + rng() % 6;
    std::string raw;
    for (std::size_t f = 0; f < field_count; ++f) {
      std::string value = random_value(rng, delimiter, quote);
      const bool needs_quotes =
          value.find_first_of(std::string{delimiter, quote, '\r', '\n'}) != std::string::npos ||
          (field_count == 1 && value.empty());  // else it would be a blank line
      const bool quoted = needs_quotes || rng() % 4 == 0;
      if (f) raw += delimiter;
      if (quoted) {
        raw += quote;
        for (const char ch : value) {
          raw += ch;
          if (ch == quote) raw += quote;
        }
        raw += quote;
      } else {
        raw += value;
      }
      record.fields.push_back(std::move(value));
      record.quoted.push_back(quoted);
    }
    record.line_count = count_line_breaks(raw) + 1;
    line += record.line_count - 1;
    record.raw = raw;
    out += raw;
    const bool last = r + 1 == record_count;
    after_cr = false;
    if (!last || rng() % 2) {
      const std::string_view terminator = TERMINATORS[rng() % 3];
      out += terminator;
      ++line;
      after_cr = terminator == "\r";
    }
    generated.records.push_back(std::move(record));
  }
  return generated;
}

TEST(CsvReaderChunking, RandomRecordsRoundTripWhateverTheChunking) {
  const std::uint64_t seed = test_seed();
  SCOPED_TRACE("seed " + std::to_string(seed) + " (rerun with S3LOAD_TEST_SEED=" + std::to_string(seed) +
               ")");
  std::mt19937_64 rng(seed);
  static constexpr char DELIMITERS[] = {',', ';', '\t', '|', '\0'};
  for (int iteration = 0; iteration < 500; ++iteration) {
    const Options options =
        testing::options().delimiter(DELIMITERS[rng() % 5]).quote(rng() % 4 ? '"' : '\'').keep_bom();
    const Generated generated = generate(rng, options);
    const Outcome outcome = read_chunks(random_chunks(generated.input, rng), options);
    ASSERT_FALSE(outcome.error) << "iteration " << iteration << " input " << escape(generated.input) << "\n"
                                << *outcome.error;
    ASSERT_EQ(outcome.records, generated.records)
        << "iteration " << iteration << " input " << escape(generated.input);
  }
}

// Arbitrary bytes (mostly the ones the grammar cares about), arbitrary small limits: every chunking
// must agree with the whole input, errors included.
TEST(CsvReaderChunking, RandomBytesGiveTheSameOutcomeWhateverTheChunking) {
  const std::uint64_t seed = test_seed();
  SCOPED_TRACE("seed " + std::to_string(seed) + " (rerun with S3LOAD_TEST_SEED=" + std::to_string(seed) +
               ")");
  std::mt19937_64 rng(seed);
  static constexpr char ALPHABET[] = {'"', '"', ',', ',', '\r', '\n', 'a', ' ', '\xEF', '\xBB', '\xBF'};
  for (int iteration = 0; iteration < 300; ++iteration) {
    std::string input;
    const std::size_t length = rng() % 40;
    for (std::size_t k = 0; k < length; ++k) {
      input += ALPHABET[rng() % sizeof ALPHABET];
    }
    // Half the time small limits (limit errors), otherwise the defaults (quoting errors).
    const bool small_limits = rng() % 2 == 0;
    const Options options = small_limits ? Options(testing::options()
                                                       .max_field_bytes(1 + rng() % 8)
                                                       .max_record_bytes(1 + rng() % 16)
                                                       .max_fields(1 + rng() % 5))
                                         : Options();
    const Outcome whole = read_whole(input, options);
    ASSERT_EQ(read_bytewise(input, options), whole) << "input " << escape(input);
    for (std::size_t cut = 0; cut <= input.size(); ++cut) {
      ASSERT_EQ(read_split(input, {cut}, options), whole) << "input " << escape(input) << " cut at " << cut;
    }
    for (int trial = 0; trial < 5; ++trial) {
      ASSERT_EQ(read_chunks(random_chunks(input, rng), options), whole) << "input " << escape(input);
    }
  }
}

}  // namespace
}  // namespace s3load::csv
