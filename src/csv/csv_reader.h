// A streaming RFC 4180 reader: an incremental state machine over byte chunks.
//
// Usage: feed() chunks as they arrive, call next() until it answers need_input, feed more; after the
// last chunk call finish() and drain next() until it answers end (or error). Records may span chunks;
// a field split across chunk boundaries is reassembled. The reader never throws on input: malformed
// input ends the stream with status error and a RowError describing where and why; after that, next()
// keeps answering error. Work is linear in the input whatever the chunking, and memory is bounded by
// Limits (the unfinished record is kept, at most about max_record_bytes), not by the input size.
//
// Grammar: fields separated by the delimiter; records end with LF, CRLF or a lone CR; a field that
// starts with a quote is quoted (delimiters, quotes doubled as "", and line breaks allowed inside; a
// line break inside quotes is data and kept as is, CRLF included); a quote inside an unquoted field is
// kept literally; after a closing quote only a delimiter, a line end or the end of input may follow.
// A UTF-8 byte-order mark at the very start is skipped (when Options::skip_bom). Blank lines (a line
// break with nothing before it) make no record but still count as lines; a line holding only spaces is
// a record. A line break at the end of the input does not make an extra record. NUL and any other
// byte are ordinary data here (validation happens later).
//
// Line numbers are physical (1-based): every LF, CRLF or lone CR is one line break, including those
// inside quoted fields. A record reports the line on which it starts and how many lines it spans.
// Byte offsets count from the very first byte of the input, a skipped byte-order mark included.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace s3load::csv {

struct Limits {
  std::size_t max_field_bytes = 8u << 20;    // one field after unquoting
  std::size_t max_record_bytes = 16u << 20;  // one record, raw bytes including line breaks
  std::size_t max_fields = 1600;             // PostgreSQL's own column limit (a value below 1 means 1)
};

// The delimiter and the quote must be two different bytes, neither CR nor LF; Reader's constructor
// throws std::invalid_argument otherwise (a configuration error, not an input error).
struct Options {
  char delimiter = ',';
  char quote = '"';
  bool skip_bom = true;
  Limits limits;
};

struct Field {
  std::string_view value;  // unquoted and unescaped
  bool quoted = false;     // an empty quoted field ("") is an empty string, an empty unquoted one may be NULL
};

struct Record {
  std::span<const Field> fields;
  std::uint64_t line = 0;         // physical line on which the record starts (1-based)
  std::uint64_t line_count = 0;   // physical lines the record spans (>= 1)
  std::uint64_t byte_offset = 0;  // offset of the record's first byte in the input (a skipped BOM counts)
  std::string_view raw;           // the raw bytes of the record (quotes and inner line breaks included),
                                  // without its line terminator
};

enum class ErrorKind {
  unterminated_quote,     // end of input inside a quoted field
  character_after_quote,  // e.g. "abc"x
  field_too_large,        // Limits::max_field_bytes exceeded
  record_too_large,       // Limits::max_record_bytes exceeded
  too_many_fields,        // Limits::max_fields exceeded
};

struct RowError {
  ErrorKind kind;
  std::uint64_t line = 0;         // physical line of the offending record's start
  std::uint64_t byte_offset = 0;  // offset in the input of the offending byte: the opening quote of an
                                  // unterminated field, the byte after a closing quote, the first byte
                                  // beyond a size limit, the delimiter that starts one field too many
  std::size_t field_index = 0;    // 0-based index of the field that byte belongs to (too_many_fields:
                                  // the first field beyond the limit, i.e. max_fields)
  std::string message;            // "line N: …" what happened and how to fix it (fields counted from 1)
};

std::string_view to_string(ErrorKind kind);

enum class ReadStatus { record, need_input, end, error };

class Reader {
 public:
  explicit Reader(Options options = {});
  ~Reader();
  Reader(Reader&&) noexcept;
  Reader& operator=(Reader&&) noexcept;

  // Appends a chunk. The reader copies what it must keep; the caller may reuse the chunk afterwards
  // but only after it has drained next() to need_input. (Feeding again before that is allowed but
  // copies the unread bytes.) Ignored after finish() or an error.
  void feed(std::string_view chunk);
  // No more input will come. Does not invalidate the last Record.
  void finish();
  // Produces the next record. A returned Record (its fields and raw) stays valid until the next call
  // to next() or feed().
  ReadStatus next(Record& record);
  // Valid after next() returned error.
  const RowError& error() const;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace s3load::csv
