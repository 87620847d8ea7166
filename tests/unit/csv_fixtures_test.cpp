// Data-driven CSV reader cases: tests/fixtures/csv/<name>.csv is read and compared with <name>.expected,
// which holds one JSON object per line:
//   {"options": {"delimiter": ";", "quote": "'", "skip_bom": false,
//                "max_field_bytes": 8, "max_record_bytes": 64, "max_fields": 3}}   optional, first line only
//   {"line": 2, "fields": ["a", "b"]}                     a record; also "lines" (default 1), "quoted"
//                                                          (default all false), "offset" (checked if given)
//   {"error": "unterminated_quote", "line": 4, "offset": 17, "field": 2, "message": "…"}   last line only
// Blank lines in .expected are ignored. Each fixture is also read with every two-chunk split and one byte
// at a time, which must give the same outcome.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "csv/csv_reader.h"
#include "csv_test_support.h"

namespace s3load::csv {
namespace {

namespace fs = std::filesystem;
using testing::Outcome;

const fs::path FIXTURES = fs::path(S3LOAD_FIXTURES_DIR) / "csv";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<std::string> fixture_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(FIXTURES)) {
    if (entry.path().extension() == ".csv") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

ErrorKind error_kind_named(const std::string& name) {
  for (const ErrorKind kind :
       {ErrorKind::unterminated_quote, ErrorKind::character_after_quote, ErrorKind::field_too_large,
        ErrorKind::record_too_large, ErrorKind::too_many_fields}) {
    if (to_string(kind) == name) return kind;
  }
  throw std::runtime_error("unknown error kind in fixture: " + name);
}

char single_byte(const nlohmann::json& value) {
  const auto text = value.get<std::string>();
  if (text.size() != 1) throw std::runtime_error("expected one byte, got \"" + text + "\"");
  return text[0];
}

struct Expectation {
  Options options;
  std::vector<testing::OwnedRecord> records;
  std::vector<bool> check_offset;
  std::optional<testing::OwnedError> error;
};

Expectation parse_expected(const std::string& text) {
  Expectation expected;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto json = nlohmann::json::parse(line);
    if (json.contains("options")) {
      const auto& o = json["options"];
      if (o.contains("delimiter")) expected.options.delimiter = single_byte(o["delimiter"]);
      if (o.contains("quote")) expected.options.quote = single_byte(o["quote"]);
      expected.options.skip_bom = o.value("skip_bom", true);
      expected.options.limits.max_field_bytes =
          o.value("max_field_bytes", expected.options.limits.max_field_bytes);
      expected.options.limits.max_record_bytes =
          o.value("max_record_bytes", expected.options.limits.max_record_bytes);
      expected.options.limits.max_fields = o.value("max_fields", expected.options.limits.max_fields);
    } else if (json.contains("error")) {
      expected.error = testing::OwnedError{.kind = error_kind_named(json.at("error").get<std::string>()),
                                           .line = json.at("line").get<std::uint64_t>(),
                                           .byte_offset = json.at("offset").get<std::uint64_t>(),
                                           .field_index = json.at("field").get<std::size_t>(),
                                           .message = json.at("message").get<std::string>()};
    } else {
      testing::OwnedRecord record;
      record.fields = json.at("fields").get<std::vector<std::string>>();
      record.quoted = json.value("quoted", std::vector<bool>(record.fields.size(), false));
      record.line = json.at("line").get<std::uint64_t>();
      record.line_count = json.value("lines", std::uint64_t{1});
      record.byte_offset = json.value("offset", std::uint64_t{0});
      expected.check_offset.push_back(json.contains("offset"));
      expected.records.push_back(std::move(record));
    }
  }
  return expected;
}

TEST(CsvFixtures, DirectoryHoldsFixtures) {
  EXPECT_GE(fixture_names().size(), 10u) << FIXTURES;
}

TEST(CsvFixtures, EveryFixtureGivesItsExpectedOutcome) {
  for (const std::string& name : fixture_names()) {
    SCOPED_TRACE(name);
    const fs::path expected_path = FIXTURES / (name + ".expected");
    ASSERT_TRUE(fs::exists(expected_path)) << expected_path << " is missing";
    const std::string input = read_file(FIXTURES / (name + ".csv"));
    const Expectation expected = parse_expected(read_file(expected_path));
    const Outcome outcome = testing::read_whole(input, expected.options);

    ASSERT_EQ(outcome.records.size(), expected.records.size()) << outcome;
    for (std::size_t k = 0; k < outcome.records.size(); ++k) {
      const auto& got = outcome.records[k];
      const auto& want = expected.records[k];
      EXPECT_EQ(got.fields, want.fields) << "record " << k << ": " << got;
      EXPECT_EQ(got.quoted, want.quoted) << "record " << k << ": " << got;
      EXPECT_EQ(got.line, want.line) << "record " << k << ": " << got;
      EXPECT_EQ(got.line_count, want.line_count) << "record " << k << ": " << got;
      if (expected.check_offset[k]) {
        EXPECT_EQ(got.byte_offset, want.byte_offset) << "record " << k << ": " << got;
      }
    }
    EXPECT_EQ(outcome.error, expected.error) << outcome;

    EXPECT_EQ(testing::read_bytewise(input, expected.options), outcome);
    for (std::size_t cut = 0; cut <= input.size(); ++cut) {
      ASSERT_EQ(testing::read_split(input, {cut}, expected.options), outcome) << "cut at " << cut;
    }
  }
}

}  // namespace
}  // namespace s3load::csv
