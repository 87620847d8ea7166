// The streaming CSV reader (src/csv) on arbitrary bytes: the same input read whole and read in random
// chunks (each chunk fed only after the reader has drained the previous one, as the loader does) yields
// the same records and the same error, and every record's raw bytes are the input's bytes at its offset.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv/csv_reader.h"
#include "fuzz_support.h"

namespace {

using s3load::fuzz::check;

struct Outcome {
  struct Record {
    std::vector<std::string> fields;
    std::vector<bool> quoted;
    std::uint64_t line = 0;
    std::uint64_t line_count = 0;
    std::uint64_t byte_offset = 0;
    std::string raw;
    bool operator==(const Record&) const = default;
  };
  std::vector<Record> records;
  std::optional<s3load::csv::RowError> error;
};

bool same_error(const std::optional<s3load::csv::RowError>& a,
                const std::optional<s3load::csv::RowError>& b) {
  if (!a || !b) return !a && !b;
  return a->kind == b->kind && a->line == b->line && a->byte_offset == b->byte_offset &&
         a->field_index == b->field_index && a->message == b->message;
}

// Drains the reader; returns false once it needs more input.
bool drain(s3load::csv::Reader& reader, Outcome& outcome) {
  s3load::csv::Record record;
  for (;;) {
    switch (reader.next(record)) {
      case s3load::csv::ReadStatus::record: {
        Outcome::Record owned;
        for (const auto& field : record.fields) {
          owned.fields.emplace_back(field.value);
          owned.quoted.push_back(field.quoted);
        }
        owned.line = record.line;
        owned.line_count = record.line_count;
        owned.byte_offset = record.byte_offset;
        owned.raw = std::string(record.raw);
        outcome.records.push_back(std::move(owned));
        break;
      }
      case s3load::csv::ReadStatus::need_input:
        return false;
      case s3load::csv::ReadStatus::end:
        return true;
      case s3load::csv::ReadStatus::error:
        outcome.error = reader.error();
        return true;
    }
  }
}

Outcome read_in_chunks(std::string_view input, const s3load::csv::Options& options,
                       s3load::fuzz::Chunker* chunker) {
  s3load::csv::Reader reader(options);
  Outcome outcome;
  std::size_t position = 0;
  // Chunks live in their own buffer, overwritten after each drain, so a reader that kept a view into an
  // old chunk instead of copying it shows up as a mismatch (or an ASan report).
  std::string chunk;
  while (position < input.size()) {
    const std::size_t size = chunker ? chunker->next(input.size() - position) : input.size();
    chunk.assign(input.substr(position, size));
    reader.feed(chunk);
    position += size;
    if (drain(reader, outcome)) return outcome;
    chunk.assign(chunk.size(), '\xA5');
  }
  reader.finish();
  if (!drain(reader, outcome)) check(false, "next() asked for input after finish()");
  return outcome;
}

// Reads `text` whole and in chunks with `options` and checks both agree and hold the reader's promises.
void check_reader(std::string_view text, const s3load::csv::Options& options, std::uint32_t seed) {
  const Outcome whole = read_in_chunks(text, options, nullptr);
  s3load::fuzz::Chunker chunker(seed);
  const Outcome chunked = read_in_chunks(text, options, &chunker);
  check(whole.records == chunked.records, "chunking changes the records");
  check(same_error(whole.error, chunked.error), "chunking changes the error");

  std::uint64_t previous_line = 0;
  for (const auto& record : whole.records) {
    check(record.byte_offset + record.raw.size() <= text.size(), "a record lies within the input");
    check(text.substr(record.byte_offset, record.raw.size()) == record.raw,
          "raw is the input at byte_offset");
    check(record.line > previous_line, "records start on increasing lines");
    check(record.line_count >= 1, "a record spans at least one line");
    check(!record.fields.empty(), "a record has a field");
    check(record.raw.size() <= options.limits.max_record_bytes, "max_record_bytes holds");
    check(record.fields.size() <= std::max<std::size_t>(1, options.limits.max_fields), "max_fields holds");
    for (const auto& field : record.fields)
      check(field.size() <= options.limits.max_field_bytes, "max_field_bytes holds");
    previous_line = record.line + record.line_count - 1;
  }
  if (whole.error) {
    check(whole.error->message.rfind("line " + std::to_string(whole.error->line) + ": ", 0) == 0,
          "an error message starts with its line");
    check(whole.error->byte_offset <= text.size(), "an error points into the input");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::uint32_t hash = s3load::fuzz::hash(data, size);

  // The loader's defaults: comma, double quote, default limits.
  check_reader(text, s3load::csv::Options{}, hash);

  // Other options, picked by the input's hash: every delimiter and quote the loader can be configured
  // with, a kept byte-order mark, and small limits so that they are reached.
  static constexpr char DELIMITERS[] = {',', ';', '\t', '|'};
  static constexpr char QUOTES[] = {'"', '\''};
  s3load::csv::Options options;
  options.delimiter = DELIMITERS[hash & 3];
  options.quote = QUOTES[(hash >> 2) & 1];
  options.skip_bom = ((hash >> 3) & 1) == 0;
  if ((hash >> 4) & 1) {
    options.limits.max_field_bytes = 1 + ((hash >> 5) & 15);
    options.limits.max_record_bytes = 1 + ((hash >> 9) & 63);
    options.limits.max_fields = (hash >> 15) & 7;
  }
  check_reader(text, options, hash >> 8);
  return 0;
}
