// Test helpers for the CSV reader: run an input through a Reader with a given chunking and keep owned
// copies of everything it produced, so that outcomes of different chunkings can be compared.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "csv/csv_reader.h"

namespace s3load::csv::testing {

// GCC 12 warns (-Wmissing-field-initializers) about designated initializers that leave members out, so
// tests build Options step by step: read_whole(input, options().delimiter(';').max_fields(3)).
struct TestOptions {
  Options value;

  TestOptions& delimiter(char byte) {
    value.delimiter = byte;
    return *this;
  }
  TestOptions& quote(char byte) {
    value.quote = byte;
    return *this;
  }
  TestOptions& keep_bom() {
    value.skip_bom = false;
    return *this;
  }
  TestOptions& max_field_bytes(std::size_t limit) {
    value.limits.max_field_bytes = limit;
    return *this;
  }
  TestOptions& max_record_bytes(std::size_t limit) {
    value.limits.max_record_bytes = limit;
    return *this;
  }
  TestOptions& max_fields(std::size_t limit) {
    value.limits.max_fields = limit;
    return *this;
  }
  operator Options() const { return value; }  // NOLINT: implicit on purpose
};

inline TestOptions options() {
  return {};
}

struct OwnedRecord {
  std::vector<std::string> fields;
  std::vector<bool> quoted;
  std::uint64_t line = 0;
  std::uint64_t line_count = 0;
  std::uint64_t byte_offset = 0;
  std::string raw;

  bool operator==(const OwnedRecord&) const = default;
};

struct OwnedError {
  ErrorKind kind = ErrorKind::unterminated_quote;
  std::uint64_t line = 0;
  std::uint64_t byte_offset = 0;
  std::size_t field_index = 0;
  std::string message;

  bool operator==(const OwnedError&) const = default;
};

struct Outcome {
  std::vector<OwnedRecord> records;
  std::optional<OwnedError> error;
  std::size_t bytes_fed = 0;  // how much input had been fed when the reader answered end or error

  bool operator==(const Outcome& other) const { return records == other.records && error == other.error; }
};

// Escapes control bytes, quotes and bytes >= 0x80 so that failures print readably.
inline std::string escape(std::string_view bytes) {
  static constexpr char HEX[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (const char ch : bytes) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte == '"' || byte == '\\') {
      out += '\\';
      out += ch;
    } else if (byte < 0x20 || byte >= 0x7f) {
      out += "\\x";
      out += HEX[byte >> 4];
      out += HEX[byte & 0xf];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

inline std::ostream& operator<<(std::ostream& out, const OwnedRecord& record) {
  out << "{line " << record.line << " x" << record.line_count << " @" << record.byte_offset << " [";
  for (std::size_t k = 0; k < record.fields.size(); ++k) {
    out << (k ? ", " : "") << (record.quoted[k] ? "Q" : "") << escape(record.fields[k]);
  }
  return out << "] raw " << escape(record.raw) << "}";
}

inline std::ostream& operator<<(std::ostream& out, const OwnedError& error) {
  return out << "{" << to_string(error.kind) << " line " << error.line << " @" << error.byte_offset
             << " field " << error.field_index << ": " << error.message << "}";
}

inline std::ostream& operator<<(std::ostream& out, const Outcome& outcome) {
  out << outcome.records.size() << " records:";
  for (const auto& record : outcome.records) {
    out << "\n  " << record;
  }
  if (outcome.error) out << "\n  error " << *outcome.error;
  return out;
}

inline OwnedRecord own(const Record& record) {
  OwnedRecord owned{.fields = {},
                    .quoted = {},
                    .line = record.line,
                    .line_count = record.line_count,
                    .byte_offset = record.byte_offset,
                    .raw = std::string(record.raw)};
  for (const Field& field : record.fields) {
    owned.fields.emplace_back(field.value);
    owned.quoted.push_back(field.quoted);
  }
  return owned;
}

inline OwnedError own(const RowError& error) {
  return OwnedError{error.kind, error.line, error.byte_offset, error.field_index, error.message};
}

// Drains the reader; true when it reached end or error (the outcome is complete).
inline bool drain(Reader& reader, Outcome& outcome) {
  Record record;
  for (;;) {
    switch (reader.next(record)) {
      case ReadStatus::record:
        outcome.records.push_back(own(record));
        break;
      case ReadStatus::need_input:
        return false;
      case ReadStatus::end:
        return true;
      case ReadStatus::error:
        outcome.error = own(reader.error());
        return true;
    }
  }
}

// Feeds the chunks one by one, draining after each, the way the pipeline does. Each chunk is copied
// into a buffer that is overwritten before the next feed, to prove the reader keeps what it needs.
inline Outcome read_chunks(const std::vector<std::string_view>& chunks, const Options& options = {}) {
  Reader reader(options);
  Outcome outcome;
  std::string buffer;
  for (const std::string_view chunk : chunks) {
    buffer.assign(chunk);
    reader.feed(buffer);
    outcome.bytes_fed += chunk.size();
    if (drain(reader, outcome)) return outcome;
    buffer.assign(buffer.size(), '#');
  }
  reader.finish();
  if (!drain(reader, outcome)) {
    outcome.error = OwnedError{};
    outcome.error->message = "reader asked for input after finish()";
  }
  return outcome;
}

inline Outcome read_whole(std::string_view input, const Options& options = {}) {
  return read_chunks({input}, options);
}

// Splits the input at the given ascending cut positions.
inline Outcome read_split(std::string_view input, const std::vector<std::size_t>& cuts,
                          const Options& options = {}) {
  std::vector<std::string_view> chunks;
  std::size_t from = 0;
  for (const std::size_t cut : cuts) {
    chunks.push_back(input.substr(from, cut - from));
    from = cut;
  }
  chunks.push_back(input.substr(from));
  return read_chunks(chunks, options);
}

inline Outcome read_bytewise(std::string_view input, const Options& options = {}) {
  std::vector<std::string_view> chunks;
  for (std::size_t k = 0; k < input.size(); ++k) {
    chunks.push_back(input.substr(k, 1));
  }
  return read_chunks(chunks, options);
}

}  // namespace s3load::csv::testing
