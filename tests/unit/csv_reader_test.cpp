#include "csv/csv_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "csv_test_support.h"

namespace s3load::csv {
namespace {

using testing::options;
using testing::Outcome;
using testing::OwnedError;
using testing::OwnedRecord;
using testing::read_bytewise;
using testing::read_chunks;
using testing::read_whole;

std::vector<std::vector<std::string>> values_of(const Outcome& outcome) {
  std::vector<std::vector<std::string>> values;
  for (const auto& record : outcome.records) {
    values.push_back(record.fields);
  }
  return values;
}

std::vector<std::uint64_t> lines_of(const Outcome& outcome) {
  std::vector<std::uint64_t> lines;
  for (const auto& record : outcome.records) {
    lines.push_back(record.line);
  }
  return lines;
}

using Rows = std::vector<std::vector<std::string>>;
using Lines = std::vector<std::uint64_t>;

// --- fields and quoting ---------------------------------------------------------------------------

TEST(CsvReader, ReadsEveryRecordWithLineOffsetAndRaw) {
  const Outcome outcome = read_whole("id,name\n1,alice\n2,bob\n");
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(outcome.records, (std::vector<OwnedRecord>{
                                 {.fields = {"id", "name"},
                                  .quoted = {false, false},
                                  .line = 1,
                                  .line_count = 1,
                                  .byte_offset = 0,
                                  .raw = "id,name"},
                                 {.fields = {"1", "alice"},
                                  .quoted = {false, false},
                                  .line = 2,
                                  .line_count = 1,
                                  .byte_offset = 8,
                                  .raw = "1,alice"},
                                 {.fields = {"2", "bob"},
                                  .quoted = {false, false},
                                  .line = 3,
                                  .line_count = 1,
                                  .byte_offset = 16,
                                  .raw = "2,bob"},
                             }));
}

TEST(CsvReader, QuotedFieldMayHoldDelimitersDoubledQuotesAndLineBreaks) {
  const std::string input = "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\nnext\n";
  const Outcome outcome = read_whole(input);
  ASSERT_FALSE(outcome.error) << outcome;
  ASSERT_EQ(outcome.records.size(), 2u) << outcome;
  EXPECT_EQ(outcome.records[0], (OwnedRecord{.fields = {"a", "b,c", "say \"hi\"", "x\ny"},
                                             .quoted = {false, true, true, true},
                                             .line = 1,
                                             .line_count = 2,
                                             .byte_offset = 0,
                                             .raw = "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\""}));
  EXPECT_EQ(outcome.records[1], (OwnedRecord{.fields = {"next"},
                                             .quoted = {false},
                                             .line = 3,
                                             .line_count = 1,
                                             .byte_offset = input.find("next"),
                                             .raw = "next"}));
}

TEST(CsvReader, DoubledQuotesAreUnescapedInEveryFieldOfTheRecord) {
  const Outcome outcome = read_whole("\"\"\"\",\"a\"\"b\"\"c\",plain,\"\"\"x\"\"\"\n");
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(values_of(outcome), (Rows{{"\"", "a\"b\"c", "plain", "\"x\""}}));
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsKeptLiterally) {
  const Outcome outcome = read_whole("5\" pipe,a\"b\"\"c, \"x\"\n");
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(values_of(outcome), (Rows{{"5\" pipe", "a\"b\"\"c", " \"x\""}}));
  EXPECT_EQ(outcome.records[0].quoted, (std::vector<bool>{false, false, false}));
}

TEST(CsvReader, EmptyQuotedFieldIsQuotedAndEmptyUnquotedFieldIsNot) {
  const Outcome outcome = read_whole("\"\",,\"\"\n\"\"\n");
  ASSERT_FALSE(outcome.error) << outcome;
  ASSERT_EQ(outcome.records.size(), 2u) << outcome;
  EXPECT_EQ(outcome.records[0].fields, (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(outcome.records[0].quoted, (std::vector<bool>{true, false, true}));
  // A line holding only "" is a record with one empty string, not a blank line.
  EXPECT_EQ(outcome.records[1].fields, (std::vector<std::string>{""}));
  EXPECT_EQ(outcome.records[1].quoted, (std::vector<bool>{true}));
  EXPECT_EQ(outcome.records[1].line, 2u);
}

TEST(CsvReader, TrailingDelimiterMakesAnEmptyLastField) {
  EXPECT_EQ(values_of(read_whole("a,b,\n,\n")), (Rows{{"a", "b", ""}, {"", ""}}));
  EXPECT_EQ(values_of(read_whole("a,b,")), (Rows{{"a", "b", ""}}));
}

TEST(CsvReader, NulBytesAreOrdinaryData) {
  const Outcome outcome = read_whole(std::string("a\0b,\0,\"\0\"\n", 10));
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(values_of(outcome), (Rows{{std::string("a\0b", 3), std::string(1, '\0'), std::string(1, '\0')}}));
}

TEST(CsvReader, NonAsciiBytesAreOrdinaryData) {
  EXPECT_EQ(values_of(read_whole("caf\xC3\xA9,\"\xE2\x82\xAC 5\",\xFF\xFE\n")),
            (Rows{{"caf\xC3\xA9", "\xE2\x82\xAC 5", "\xFF\xFE"}}));
}

// --- line ends and line numbers --------------------------------------------------------------------

TEST(CsvReader, AcceptsLfCrlfAndLoneCrLineEnds) {
  const Outcome outcome = read_whole("a\nb\r\nc\rd");
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(
      outcome.records,
      (std::vector<OwnedRecord>{
          {.fields = {"a"}, .quoted = {false}, .line = 1, .line_count = 1, .byte_offset = 0, .raw = "a"},
          {.fields = {"b"}, .quoted = {false}, .line = 2, .line_count = 1, .byte_offset = 2, .raw = "b"},
          {.fields = {"c"}, .quoted = {false}, .line = 3, .line_count = 1, .byte_offset = 5, .raw = "c"},
          {.fields = {"d"}, .quoted = {false}, .line = 4, .line_count = 1, .byte_offset = 7, .raw = "d"},
      }));
}

TEST(CsvReader, LineFeedInsideQuotesCountsAsAPhysicalLine) {
  const Outcome outcome = read_whole("h\n\"a\nb\nc\",d\ne,f\n");
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(values_of(outcome), (Rows{{"h"}, {"a\nb\nc", "d"}, {"e", "f"}}));
  EXPECT_EQ(lines_of(outcome), (Lines{1, 2, 5}));
  EXPECT_EQ(outcome.records[1].line_count, 3u);
  EXPECT_EQ(outcome.records[1].raw, "\"a\nb\nc\",d");
}

TEST(CsvReader, CrlfInsideQuotesIsKeptAsDataAndCountsAsOneLine) {
  const std::string input = "\"a\r\nb\",c\r\nd,e\r\n";
  const Outcome outcome = read_whole(input);
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(outcome.records, (std::vector<OwnedRecord>{
                                 {.fields = {"a\r\nb", "c"},
                                  .quoted = {true, false},
                                  .line = 1,
                                  .line_count = 2,
                                  .byte_offset = 0,
                                  .raw = "\"a\r\nb\",c"},
                                 {.fields = {"d", "e"},
                                  .quoted = {false, false},
                                  .line = 3,
                                  .line_count = 1,
                                  .byte_offset = input.find("d,e"),
                                  .raw = "d,e"},
                             }));
}

TEST(CsvReader, LoneCrInsideQuotesIsDataAndALine) {
  const Outcome outcome = read_whole("\"x\ry\"\rz\r");
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(values_of(outcome), (Rows{{"x\ry"}, {"z"}}));
  EXPECT_EQ(lines_of(outcome), (Lines{1, 3}));
}

TEST(CsvReader, BlankLinesMakeNoRecordButAreCounted) {
  // Lines: 1 and 2 blank (LF), 3 "a", 4 blank (CRLF), 5 blank (CR), 6 "b", 7 blank, 8 "c".
  const Outcome outcome = read_whole("\n\na\n\r\n\rb\n\nc\n\n");
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(values_of(outcome), (Rows{{"a"}, {"b"}, {"c"}}));
  EXPECT_EQ(lines_of(outcome), (Lines{3, 6, 8}));
}

TEST(CsvReader, LineOfOnlyWhitespaceIsARecord) {
  const Outcome outcome = read_whole("a\n \n\t\nb\n");
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(values_of(outcome), (Rows{{"a"}, {" "}, {"\t"}, {"b"}}));
  EXPECT_EQ(lines_of(outcome), (Lines{1, 2, 3, 4}));
}

TEST(CsvReader, LineBreakAtEndOfInputMakesNoExtraRecord) {
  EXPECT_EQ(values_of(read_whole("a,b\n")), (Rows{{"a", "b"}}));
  EXPECT_EQ(values_of(read_whole("a,b\r\n")), (Rows{{"a", "b"}}));
  EXPECT_EQ(values_of(read_whole("a,b\r")), (Rows{{"a", "b"}}));
  EXPECT_EQ(values_of(read_whole("a,b")), (Rows{{"a", "b"}}));
}

// --- byte-order mark, empty and header-only input ---------------------------------------------------

TEST(CsvReader, SkipsUtf8BomButCountsItInByteOffsets) {
  const Outcome outcome = read_whole("\xEF\xBB\xBFid,name\n1,a\n");
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(outcome.records, (std::vector<OwnedRecord>{
                                 {.fields = {"id", "name"},
                                  .quoted = {false, false},
                                  .line = 1,
                                  .line_count = 1,
                                  .byte_offset = 3,
                                  .raw = "id,name"},
                                 {.fields = {"1", "a"},
                                  .quoted = {false, false},
                                  .line = 2,
                                  .line_count = 1,
                                  .byte_offset = 11,
                                  .raw = "1,a"},
                             }));
}

TEST(CsvReader, BomOnlyInputHasNoRecords) {
  for (const std::string_view input : {"\xEF\xBB\xBF", "\xEF\xBB\xBF\n", "\xEF\xBB\xBF\r\n\r\n"}) {
    const Outcome outcome = read_whole(input);
    EXPECT_TRUE(outcome.records.empty()) << testing::escape(input) << ": " << outcome;
    EXPECT_FALSE(outcome.error) << outcome;
  }
}

TEST(CsvReader, BomIsDataWhenSkippingIsOff) {
  EXPECT_EQ(values_of(read_whole("\xEF\xBB\xBFid\n", options().keep_bom())), (Rows{{"\xEF\xBB\xBFid"}}));
}

TEST(CsvReader, BomIsOnlySkippedAtTheVeryStart) {
  EXPECT_EQ(values_of(read_whole("a\n\xEF\xBB\xBF\n")), (Rows{{"a"}, {"\xEF\xBB\xBF"}}));
}

TEST(CsvReader, IncompleteBomIsData) {
  EXPECT_EQ(values_of(read_whole("\xEF\xBB")), (Rows{{"\xEF\xBB"}}));
  EXPECT_EQ(values_of(read_whole("\xEF\xBBx,y\n")), (Rows{{"\xEF\xBBx", "y"}}));
  EXPECT_EQ(values_of(read_chunks({"\xEF", "\xBB", "x\n"})), (Rows{{"\xEF\xBBx"}}));
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  const Outcome outcome = read_whole("");
  EXPECT_TRUE(outcome.records.empty());
  EXPECT_FALSE(outcome.error);
  EXPECT_EQ(read_chunks({"", "", ""}), outcome);
  EXPECT_EQ(read_chunks({}), outcome);
}

TEST(CsvReader, HeaderOnlyInputHasOneRecord) {
  for (const std::string_view input : {"id,name", "id,name\n", "id,name\r\n", "\xEF\xBB\xBFid,name\r\n"}) {
    EXPECT_EQ(values_of(read_whole(input)), (Rows{{"id", "name"}})) << testing::escape(input);
  }
}

TEST(CsvReader, NeedsInputBeforeAnythingIsFed) {
  Reader reader;
  Record record;
  EXPECT_EQ(reader.next(record), ReadStatus::need_input);
  reader.finish();
  EXPECT_EQ(reader.next(record), ReadStatus::end);
  EXPECT_EQ(reader.next(record), ReadStatus::end);
}

// --- delimiters and quotes --------------------------------------------------------------------------

TEST(CsvReader, SemicolonDelimiterLeavesCommasAsData) {
  EXPECT_EQ(values_of(read_whole("a;1,5;\"x;y\"\n", options().delimiter(';'))), (Rows{{"a", "1,5", "x;y"}}));
}

TEST(CsvReader, TabDelimiter) {
  EXPECT_EQ(values_of(read_whole("a\tb c\t\"d\te\"\t\n", options().delimiter('\t'))),
            (Rows{{"a", "b c", "d\te", ""}}));
}

TEST(CsvReader, PipeAndNonAsciiDelimiters) {
  EXPECT_EQ(values_of(read_whole("a|b,c|\n", options().delimiter('|'))), (Rows{{"a", "b,c", ""}}));
  EXPECT_EQ(values_of(read_whole("a\xFE"
                                 "b\n",
                                 options().delimiter('\xFE'))),
            (Rows{{"a", "b"}}));
}

TEST(CsvReader, ConfigurableQuote) {
  const Outcome outcome = read_whole("'a,b','it''s',\"x\"\n", options().quote('\''));
  EXPECT_EQ(values_of(outcome), (Rows{{"a,b", "it's", "\"x\""}}));
  EXPECT_EQ(outcome.records[0].quoted, (std::vector<bool>{true, true, false}));
}

TEST(CsvReader, RejectsDelimiterAndQuoteThatCannotWork) {
  EXPECT_THROW(Reader(options().delimiter('"')), std::invalid_argument);
  EXPECT_THROW(Reader(options().delimiter('\n')), std::invalid_argument);
  EXPECT_THROW(Reader(options().delimiter('\r')), std::invalid_argument);
  EXPECT_THROW(Reader(options().quote('\n')), std::invalid_argument);
  EXPECT_THROW(Reader(options().delimiter(';').quote(';')), std::invalid_argument);
}

// --- errors ----------------------------------------------------------------------------------------

TEST(CsvReader, UnterminatedQuoteIsReportedAtItsOpeningQuote) {
  const Outcome outcome = read_whole("id,name\n1,\"abc\n2,def\n");
  ASSERT_EQ(values_of(outcome), (Rows{{"id", "name"}}));
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(*outcome.error,
            (OwnedError{.kind = ErrorKind::unterminated_quote,
                        .line = 2,
                        .byte_offset = 10,
                        .field_index = 1,
                        .message = "line 2: field 2 starts with a quote that is never closed (reached end of "
                                   "input); quote the whole field and double any quotes inside it (\"\")"}));
}

TEST(CsvReader, DoubledQuoteBeforeEndOfInputLeavesTheFieldOpen) {
  const Outcome outcome = read_whole("\"abc\"\"");
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, ErrorKind::unterminated_quote);
  EXPECT_EQ(outcome.error->byte_offset, 0u);
}

TEST(CsvReader, CharacterAfterClosingQuoteIsAnError) {
  const Outcome outcome = read_whole("a,b\n1,\"x\"y,3\n");
  ASSERT_EQ(outcome.records.size(), 1u);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(
      *outcome.error,
      (OwnedError{.kind = ErrorKind::character_after_quote,
                  .line = 2,
                  .byte_offset = 9,
                  .field_index = 1,
                  .message = "line 2: field 2 has 'y' after its closing quote; a quoted field must end at "
                             "its closing quote: quote the whole field and double any quotes inside it "
                             "(\"\")"}));
}

TEST(CsvReader, CharacterAfterClosingQuoteOnALaterLineNamesBothLines) {
  const std::string input = "h\n\"a\nb\" c\n";
  const Outcome outcome = read_whole(input);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(
      *outcome.error,
      (OwnedError{.kind = ErrorKind::character_after_quote,
                  .line = 2,
                  .byte_offset = input.find(' '),
                  .field_index = 0,
                  .message = "line 2: field 1 has a space after its closing quote (on line 3); a quoted "
                             "field must end at its closing quote: quote the whole field and double any "
                             "quotes inside it (\"\")"}));
}

TEST(CsvReader, FieldLargerThanTheLimitIsRejectedAtItsFirstExtraByte) {
  const Options options = testing::options().max_field_bytes(4);
  EXPECT_EQ(values_of(read_whole("abcd,\"wxyz\"\n", options)), (Rows{{"abcd", "wxyz"}}));
  const Outcome outcome = read_whole("abcd,abcde\n", options);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(*outcome.error,
            (OwnedError{.kind = ErrorKind::field_too_large,
                        .line = 1,
                        .byte_offset = 9,
                        .field_index = 1,
                        .message = "line 1: field 2 is larger than the limit of 4 bytes; check "
                                   "the file for a quote that is never closed, or raise the "
                                   "field size limit"}));
}

TEST(CsvReader, FieldLimitCountsUnescapedBytes) {
  const Options options = testing::options().max_field_bytes(3);
  EXPECT_EQ(values_of(read_whole("\"a\"\"b\"\n", options)), (Rows{{"a\"b"}}));
  // a, "", b, "" is four value bytes; the fourth ends at offset 6.
  const Outcome outcome = read_whole("\"a\"\"b\"\"\"\n", options);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, ErrorKind::field_too_large);
  EXPECT_EQ(outcome.error->byte_offset, 6u);
}

TEST(CsvReader, RecordLargerThanTheLimitIsRejected) {
  const Options options = testing::options().max_record_bytes(10);
  EXPECT_EQ(values_of(read_whole("0123,56789\n", options)), (Rows{{"0123", "56789"}}));
  const Outcome outcome = read_whole("a,b\n0123,5678,abc\n", options);
  ASSERT_EQ(outcome.records.size(), 1u);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(*outcome.error, (OwnedError{.kind = ErrorKind::record_too_large,
                                        .line = 2,
                                        .byte_offset = 14,
                                        .field_index = 2,
                                        .message = "line 2: the record is larger than the limit of 10 bytes "
                                                   "(reached in field 3); check the file for a quote that is "
                                                   "never closed, or raise the record size limit"}));
}

TEST(CsvReader, RecordLimitCountsLineBreaksInsideQuotes) {
  const Options options = testing::options().max_record_bytes(6);
  const Outcome outcome = read_whole("\"a\r\n\r\nb\"\n", options);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, ErrorKind::record_too_large);
  EXPECT_EQ(outcome.error->byte_offset, 6u);
}

TEST(CsvReader, TenThousandColumnsAreTooManyFields) {
  std::string input;
  for (int column = 0; column < 10000; ++column) {
    input += (column ? "," : "") + std::to_string(column);
  }
  input += "\n";
  const Outcome outcome = read_whole(input);
  ASSERT_TRUE(outcome.records.empty());
  ASSERT_TRUE(outcome.error);
  // The 1600th delimiter starts field 1601.
  std::size_t delimiter = 0;
  for (int k = 0; k < 1600; ++k) {
    delimiter = input.find(',', k ? delimiter + 1 : 0);
  }
  EXPECT_EQ(*outcome.error,
            (OwnedError{.kind = ErrorKind::too_many_fields,
                        .line = 1,
                        .byte_offset = delimiter,
                        .field_index = 1600,
                        .message = "line 1: the record has more than 1600 fields; check that the "
                                   "delimiter is ',' and that fields containing it are quoted"}));
}

TEST(CsvReader, ExactlyMaxFieldsIsAccepted) {
  const Options options = testing::options().max_fields(3);
  EXPECT_EQ(values_of(read_whole("a,b,c\n\"x\",y,\n", options)), (Rows{{"a", "b", "c"}, {"x", "y", ""}}));
  const Outcome outcome = read_whole("a,b,c\n\"x\",y,,\n", options);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, ErrorKind::too_many_fields);
  EXPECT_EQ(outcome.error->line, 2u);
  EXPECT_EQ(outcome.error->byte_offset, 12u);
  EXPECT_EQ(outcome.error->field_index, 3u);
}

TEST(CsvReader, ErrorIsStickyAndLaterInputIsIgnored) {
  Reader reader;
  Record record;
  reader.feed("\"a\"b\nc\n");
  ASSERT_EQ(reader.next(record), ReadStatus::error);
  const RowError first = reader.error();
  reader.feed("d\n");
  EXPECT_EQ(reader.next(record), ReadStatus::error);
  reader.finish();
  EXPECT_EQ(reader.next(record), ReadStatus::error);
  EXPECT_EQ(testing::own(reader.error()), testing::own(first));
  EXPECT_EQ(first.kind, ErrorKind::character_after_quote);
}

TEST(CsvReader, ErrorKindsHaveStableNames) {
  EXPECT_EQ(to_string(ErrorKind::unterminated_quote), "unterminated_quote");
  EXPECT_EQ(to_string(ErrorKind::character_after_quote), "character_after_quote");
  EXPECT_EQ(to_string(ErrorKind::field_too_large), "field_too_large");
  EXPECT_EQ(to_string(ErrorKind::record_too_large), "record_too_large");
  EXPECT_EQ(to_string(ErrorKind::too_many_fields), "too_many_fields");
}

TEST(CsvReader, ErrorMessageDescribesUnprintableBytes) {
  const Outcome outcome = read_whole(std::string("\"a\"\0", 4));
  ASSERT_TRUE(outcome.error);
  EXPECT_NE(outcome.error->message.find("field 1 has byte 0x00 after its closing quote"), std::string::npos)
      << outcome.error->message;
}

// --- chunking, buffering and limits on large input ---------------------------------------------------

TEST(CsvReader, RecordSpanningChunksIsCompleteAfterTheCallerReusedItsBuffer) {
  // read_chunks overwrites its buffer after each feed; the reader must have kept what it needs.
  const Outcome outcome = read_chunks({"id,na", "me\n1,\"x\"\"", "y\nz\",", "tail\n2"});
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(
      outcome.records,
      (std::vector<OwnedRecord>{
          {.fields = {"id", "name"},
           .quoted = {false, false},
           .line = 1,
           .line_count = 1,
           .byte_offset = 0,
           .raw = "id,name"},
          {.fields = {"1", "x\"y\nz", "tail"},
           .quoted = {false, true, false},
           .line = 2,
           .line_count = 2,
           .byte_offset = 8,
           .raw = "1,\"x\"\"y\nz\",tail"},
          {.fields = {"2"}, .quoted = {false}, .line = 4, .line_count = 1, .byte_offset = 24, .raw = "2"},
      }));
}

TEST(CsvReader, FeedingBeforeDrainingKeepsTheUnreadBytes) {
  Reader reader;
  Outcome outcome;
  reader.feed("a,b\nc");
  reader.feed(",d\ne");  // nothing read yet
  testing::drain(reader, outcome);
  reader.feed("\nf\n");
  reader.feed("g\n");  // "f" not read yet
  reader.finish();
  testing::drain(reader, outcome);
  ASSERT_FALSE(outcome.error) << outcome;
  EXPECT_EQ(values_of(outcome), (Rows{{"a", "b"}, {"c", "d"}, {"e"}, {"f"}, {"g"}}));
  EXPECT_EQ(lines_of(outcome), (Lines{1, 2, 3, 4, 5}));
  EXPECT_EQ(outcome.records[4].byte_offset, 12u);
}

TEST(CsvReader, FeedingAfterOneRecordWasReadKeepsTheRest) {
  Reader reader;
  Record record;
  reader.feed("a\nb\n");
  ASSERT_EQ(reader.next(record), ReadStatus::record);
  EXPECT_EQ(record.raw, "a");
  reader.feed("c\n");
  reader.finish();
  Outcome outcome;
  testing::drain(reader, outcome);
  EXPECT_EQ(values_of(outcome), (Rows{{"b"}, {"c"}}));
  EXPECT_EQ(outcome.records[1].byte_offset, 4u);
}

TEST(CsvReader, LargeFieldSpanningManyChunksIsReassembled) {
  std::string value;
  for (int k = 0; value.size() < (3u << 20); ++k) {
    value += (k % 1000 == 0) ? "\"\n" : "abcdefgh";
  }
  std::string escaped;
  for (const char ch : value) {
    escaped += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  }
  const std::string input = "id,doc\n7,\"" + escaped + "\"\n8,x\n";
  std::vector<std::string_view> chunks;
  for (std::size_t at = 0; at < input.size(); at += 65536) {
    chunks.push_back(std::string_view(input).substr(at, 65536));
  }
  const Outcome outcome = read_chunks(chunks);
  ASSERT_FALSE(outcome.error) << *outcome.error;
  ASSERT_EQ(outcome.records.size(), 3u);
  EXPECT_EQ(outcome.records[1].fields[1], value);
  EXPECT_EQ(outcome.records[1].raw, "7,\"" + escaped + "\"");
  const auto breaks = static_cast<std::uint64_t>(std::count(value.begin(), value.end(), '\n'));
  EXPECT_EQ(outcome.records[1].line_count, breaks + 1);
  EXPECT_EQ(outcome.records[2].line, breaks + 3);
  EXPECT_EQ(outcome.records[2].raw, "8,x");
}

// Feeds `head`, then `filler` bytes up to `total`, in 64 KiB chunks, stopping at the first error.
Outcome feed_huge(std::string_view head, char filler, std::size_t total, const Options& options) {
  std::string chunk(64u << 10, filler);
  Reader reader(options);
  Outcome outcome;
  reader.feed(head);
  outcome.bytes_fed = head.size();
  if (testing::drain(reader, outcome)) return outcome;
  while (outcome.bytes_fed < total) {
    reader.feed(chunk);
    outcome.bytes_fed += chunk.size();
    if (testing::drain(reader, outcome)) return outcome;
  }
  reader.finish();
  testing::drain(reader, outcome);
  return outcome;
}

TEST(CsvReader, HundredMebibyteFieldIsRejectedAsSoonAsItPassesTheLimit) {
  const Options options;  // defaults: 8 MiB per field, 16 MiB per record
  const std::size_t total = 100u << 20;
  const Outcome outcome = feed_huge("id,blob\n1,", 'x', total, options);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, ErrorKind::field_too_large);
  EXPECT_EQ(outcome.error->line, 2u);
  EXPECT_EQ(outcome.error->field_index, 1u);
  EXPECT_EQ(outcome.error->byte_offset, 10u + options.limits.max_field_bytes);
  // Rejected within the chunk that crossed the limit: nothing more was asked for.
  EXPECT_LE(outcome.bytes_fed, 10u + options.limits.max_field_bytes + (64u << 10));
}

TEST(CsvReader, RunawayQuotedFieldIsRejectedAtTheFieldLimit) {
  const Options options;
  const Outcome outcome = feed_huge("id,note\n1,\"", '\n', 100u << 20, options);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, ErrorKind::field_too_large);
  EXPECT_EQ(outcome.error->line, 2u);
  EXPECT_EQ(outcome.error->byte_offset, 11u + options.limits.max_field_bytes);
  EXPECT_LE(outcome.bytes_fed, 11u + options.limits.max_field_bytes + (64u << 10));
}

TEST(CsvReader, RunawayRecordIsRejectedAtTheRecordLimit) {
  const Options options = testing::options().max_field_bytes(64u << 20).max_record_bytes(16u << 20);
  const Outcome outcome = feed_huge("a,\"", 'y', 100u << 20, options);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, ErrorKind::record_too_large);
  EXPECT_EQ(outcome.error->byte_offset, 16u << 20);
  EXPECT_EQ(outcome.error->field_index, 1u);
  EXPECT_LE(outcome.bytes_fed, (16u << 20) + (64u << 10));
}

}  // namespace
}  // namespace s3load::csv
