#include "csv/csv_reader.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "csv/error_messages.h"

namespace s3load::csv {

namespace {

// Byte classes are bits, so that one 256-entry table answers "does a run of ordinary bytes end here?"
// for both kinds of field with one load and one test: the hot loops never branch on the byte itself.
constexpr std::uint8_t DELIMITER = 1;
constexpr std::uint8_t QUOTE = 2;
constexpr std::uint8_t CR = 4;
constexpr std::uint8_t LF = 8;
constexpr std::uint8_t LINE_BREAK = CR | LF;
constexpr std::uint8_t ENDS_UNQUOTED_RUN = DELIMITER | LINE_BREAK;  // a quote here is literal data
constexpr std::uint8_t ENDS_QUOTED_RUN = QUOTE | LINE_BREAK;        // line breaks are data, but counted

enum class ParseState : std::uint8_t {
  record_start,     // between records: a line break here is a blank line
  after_cr,         // a record or a blank line just ended with CR: an LF here completes a CRLF
  field_start,      // at the first byte of a field (after a delimiter)
  unquoted,         // inside an unquoted field
  quoted,           // inside a quoted field
  quoted_after_cr,  // inside a quoted field, right after a CR: an LF here completes a CRLF
  quote_in_quoted,  // after a quote inside a quoted field: a second quote (escape) or the closing one
};

bool in_field(ParseState state) {
  return state == ParseState::unquoted || state == ParseState::quoted ||
         state == ParseState::quoted_after_cr || state == ParseState::quote_in_quoted;
}

// A finished field of the current record. Positions are relative to the record's first byte so that
// they survive the record moving from the caller's chunk into the carry buffer.
struct FieldSpan {
  std::size_t begin;  // first value byte (after the opening quote of a quoted field)
  std::size_t end;    // one past the last value byte (the closing quote of a quoted field)
  bool quoted;
  bool escaped;  // holds doubled quotes: unescaped into the scratch buffer when the record is produced
};

std::size_t raw_start(const FieldSpan& span) {
  return span.begin - (span.quoted ? 1 : 0);
}

// Index of the first byte in [i, n) whose class has one of the `stops` bits, or n. Unrolled because
// this loop is where the reader spends its time; most fields are a few bytes long.
inline std::size_t find_stop(const unsigned char* data, std::size_t i, std::size_t n,
                             const std::uint8_t* classes, std::uint8_t stops) {
  while (n - i >= 4) {
    if (classes[data[i]] & stops) return i;
    if (classes[data[i + 1]] & stops) return i + 1;
    if (classes[data[i + 2]] & stops) return i + 2;
    if (classes[data[i + 3]] & stops) return i + 3;
    i += 4;
  }
  while (i < n && (classes[data[i]] & stops) == 0) {
    ++i;
  }
  return i;
}

// Appends a quoted field's content with each doubled quote reduced to one. The parser guarantees that
// quotes in `content` come in pairs.
void append_unescaped(std::string& out, std::string_view content, char quote) {
  while (!content.empty()) {
    const std::size_t at = content.find(quote);
    if (at == std::string_view::npos) {
      out.append(content);
      return;
    }
    out.append(content.substr(0, at + 1));
    content.remove_prefix(at + 2);
  }
}

constexpr std::string_view UTF8_BOM = "\xEF\xBB\xBF";

}  // namespace

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::unterminated_quote:
      return "unterminated_quote";
    case ErrorKind::character_after_quote:
      return "character_after_quote";
    case ErrorKind::field_too_large:
      return "field_too_large";
    case ErrorKind::record_too_large:
      return "record_too_large";
    case ErrorKind::too_many_fields:
      return "too_many_fields";
  }
  return "unknown";
}

// The input is parsed in place from a "window": the caller's chunk (zero copy) or, in the rare cases
// where bytes from two feeds must be joined before parsing (a split byte-order mark, a feed before
// draining), an owned copy. A record that is still open when its window runs out is copied into the
// carry buffer; the next window's part is appended when the record ends, so every byte is scanned once
// and copied at most once, and raw is always contiguous.
struct Reader::State {
  explicit State(Options opts);

  ReadStatus next(Record& out);
  void feed(std::string_view chunk);
  void finish();

  void release_previous_record();
  void decide_bom(std::string_view chunk);
  void begin_record(std::size_t i);
  void push_span(const FieldSpan& span) {
    // Hand-rolled rather than vector::push_back, which the compiler declined to inline in the field loop.
    if (span_count == spans.size()) [[unlikely]] {
      spans.resize(spans.size() * 2);
    }
    spans[span_count++] = span;
  }
  void advance_window();
  void append_to_carry(std::string_view bytes);
  ReadStatus at_window_end(Record& out);
  ReadStatus end_record(Record& out, std::size_t terminator, std::uint8_t terminator_class);
  void produce(Record& out, std::size_t end);

  std::uint64_t offset_of(std::size_t i) const { return window_offset + i; }
  std::size_t relative(std::size_t i) const { return i + shift; }
  std::size_t field_index_at(ParseState state, std::size_t relative_position) const;

  // `state` tells whether the field at the error is still open (not yet in spans).
  ReadStatus fail(ParseState state, ErrorKind kind, std::uint64_t offset, std::size_t field_index,
                  unsigned char byte = 0);
  ReadStatus fail_field_too_large(ParseState state, std::size_t end, std::size_t value_length);
  ReadStatus fail_record_too_large(ParseState state);

  Options options;
  std::array<std::uint8_t, 256> classes{};

  // Input.
  std::string_view window;
  std::size_t pos = 0;              // next window byte to parse
  std::uint64_t window_offset = 0;  // input offset of window[0]
  std::string owned;                // backs the window when it is not the caller's chunk
  std::string bom_hold;             // a first chunk too short to tell whether the input starts with a BOM
  bool bom_decided = false;
  bool finished = false;

  // The record being read.
  ParseState parse = ParseState::record_start;
  std::uint64_t line = 1;  // current physical line
  std::uint64_t record_line = 1;
  std::uint64_t record_offset = 0;
  std::size_t record_start = 0;  // window index of the record's first byte (0 once it spans windows)
  std::size_t shift = 0;         // relative position = window index + shift (modulo 2^64)
  std::string carry;             // the record's bytes from earlier windows
  bool spanning = false;         // the record started in an earlier window: its bytes are in carry
  bool release_carry = false;    // the last produced record lives in carry
  std::vector<FieldSpan> spans;  // the record's finished fields are spans[0, span_count)
  std::size_t span_count = 0;
  std::size_t field_begin = 0;     // relative position of the current field's first value byte
  std::size_t field_end = 0;       // relative position of the current quoted field's closing quote
  std::size_t escapes = 0;         // doubled quotes in the current quoted field
  std::uint64_t field_offset = 0;  // input offset of the current field's first byte

  // Output.
  std::vector<Field> fields;
  std::string scratch;  // unescaped values of fields holding doubled quotes

  bool failed = false;
  RowError error{};
};

Reader::State::State(Options opts) : options(opts) {
  const auto delimiter = static_cast<unsigned char>(options.delimiter);
  const auto quote = static_cast<unsigned char>(options.quote);
  if (delimiter == quote || delimiter == '\r' || delimiter == '\n' || quote == '\r' || quote == '\n') {
    throw std::invalid_argument("CSV delimiter and quote must be two different bytes, neither CR nor LF");
  }
  classes[delimiter] = DELIMITER;
  classes[quote] = QUOTE;
  classes['\r'] = CR;
  classes['\n'] = LF;
  options.limits.max_fields = std::max<std::size_t>(options.limits.max_fields, 1);
  bom_decided = !options.skip_bom;
  spans.resize(64);
}

void Reader::State::release_previous_record() {
  if (release_carry) {
    carry.clear();
    spanning = false;
    release_carry = false;
  }
}

void Reader::State::feed(std::string_view chunk) {
  if (failed || finished) return;
  release_previous_record();
  if (chunk.empty()) return;
  if (!bom_decided) {
    decide_bom(chunk);
    return;
  }
  if (pos < window.size()) {
    // Fed before draining: keep the unread bytes, joined with the new chunk. A record can only be open
    // here if nothing of this window was parsed yet (parsing stops mid-window only after a record).
    assert((!in_field(parse) && parse != ParseState::field_start) || pos == 0);
    std::string joined;
    joined.reserve(window.size() - pos + chunk.size());
    joined.append(window.substr(pos));
    joined.append(chunk);
    window_offset += pos;
    shift += pos;
    record_start = record_start >= pos ? record_start - pos : 0;
    owned = std::move(joined);
    window = owned;
    pos = 0;
    return;
  }
  advance_window();
  window = chunk;
}

void Reader::State::decide_bom(std::string_view chunk) {
  std::size_t matched = bom_hold.size();
  std::size_t k = 0;
  while (matched < UTF8_BOM.size() && k < chunk.size() && chunk[k] == UTF8_BOM[matched]) {
    ++matched;
    ++k;
  }
  if (matched < UTF8_BOM.size() && k == chunk.size()) {
    bom_hold.append(chunk);  // still a prefix of the BOM: wait for more
    return;
  }
  bom_decided = true;
  if (bom_hold.empty()) {
    window = chunk;
  } else {
    owned = bom_hold;
    owned.append(chunk);
    window = owned;
    bom_hold.clear();
  }
  // The BOM's bytes are skipped but still counted in offsets.
  pos = matched == UTF8_BOM.size() ? UTF8_BOM.size() : 0;
}

void Reader::State::finish() {
  if (failed || finished) return;
  finished = true;
  if (!bom_decided) {
    bom_decided = true;
    if (!bom_hold.empty()) {  // a lone prefix of a BOM is data
      owned = bom_hold;
      window = owned;
      pos = 0;
      bom_hold.clear();
    }
  }
}

void Reader::State::advance_window() {
  window_offset += window.size();
  window = {};
  pos = 0;
  owned.clear();
}

void Reader::State::append_to_carry(std::string_view bytes) {
  // Grow towards the record limit rather than doubling past it: the carry is the reader's only buffer
  // that scales with the input.
  const std::size_t needed = carry.size() + bytes.size();
  if (needed > carry.capacity()) {
    carry.reserve(std::max(needed, std::min(carry.capacity() * 2, options.limits.max_record_bytes)));
  }
  carry.append(bytes);
}

void Reader::State::begin_record(std::size_t i) {
  assert(!spanning);
  record_start = i;
  shift = 0 - i;
  record_offset = offset_of(i);
  record_line = line;
  span_count = 0;
}

ReadStatus Reader::State::next(Record& out) {
  if (failed) return ReadStatus::error;
  release_previous_record();

  const auto* data = reinterpret_cast<const unsigned char*>(window.data());
  const std::size_t n = window.size();
  const std::uint8_t* cls = classes.data();
  const std::size_t max_field = options.limits.max_field_bytes;
  const std::size_t max_fields = options.limits.max_fields;
  std::size_t i = pos;
  ParseState st = parse;

  while (i < n) {
    switch (st) {
      case ParseState::after_cr:
        if (data[i] == '\n') ++i;
        st = ParseState::record_start;
        break;

      case ParseState::record_start: {
        const std::uint8_t c = cls[data[i]];
        if (c & LINE_BREAK) {  // a blank line: no record, but a line
          ++line;
          ++i;
          st = c == CR ? ParseState::after_cr : ParseState::record_start;
          break;
        }
        begin_record(i);
        st = ParseState::field_start;
        break;
      }

      case ParseState::field_start:
        field_offset = offset_of(i);
        if (cls[data[i]] == QUOTE) {
          field_begin = relative(i + 1);
          escapes = 0;
          ++i;
          st = ParseState::quoted;
          break;
        }
        field_begin = relative(i);
        st = ParseState::unquoted;
        [[fallthrough]];

      case ParseState::unquoted: {
        const std::size_t j = find_stop(data, i, n, cls, ENDS_UNQUOTED_RUN);
        const std::size_t length = relative(j) - field_begin;
        if (length > max_field) return fail_field_too_large(st, j, length);
        i = j;
        if (j == n) break;
        const std::uint8_t c = cls[data[j]];
        if (c == DELIMITER) {
          push_span({field_begin, relative(j), false, false});
          if (span_count >= max_fields) {
            return fail(ParseState::field_start, ErrorKind::too_many_fields, offset_of(j), max_fields);
          }
          ++i;
          st = ParseState::field_start;
          break;
        }
        if (relative(j) > options.limits.max_record_bytes) return fail_record_too_large(st);
        push_span({field_begin, relative(j), false, false});
        return end_record(out, j, c);
      }

      case ParseState::quoted: {
        const std::size_t j = find_stop(data, i, n, cls, ENDS_QUOTED_RUN);
        const std::size_t length = relative(j) - field_begin - escapes;
        if (length > max_field) return fail_field_too_large(st, j, length);
        i = j;
        if (j == n) break;
        const std::uint8_t c = cls[data[j]];
        ++i;
        if (c == QUOTE) {
          field_end = relative(j);
          st = ParseState::quote_in_quoted;
        } else {
          ++line;  // a line break inside quotes is data, but still a physical line
          if (c == CR) st = ParseState::quoted_after_cr;
        }
        break;
      }

      case ParseState::quoted_after_cr:
        if (data[i] == '\n') ++i;
        st = ParseState::quoted;
        break;

      case ParseState::quote_in_quoted: {
        const std::uint8_t c = cls[data[i]];
        if (c == QUOTE) {  // a doubled quote: one quote of data
          ++escapes;
          ++i;
          st = ParseState::quoted;
          const std::size_t length = relative(i) - field_begin - escapes;
          if (length > max_field) return fail_field_too_large(st, i, length);
          break;
        }
        if (c == DELIMITER) {
          push_span({field_begin, field_end, true, escapes != 0});
          if (span_count >= max_fields) {
            return fail(ParseState::field_start, ErrorKind::too_many_fields, offset_of(i), max_fields);
          }
          ++i;
          st = ParseState::field_start;
          break;
        }
        if (c & LINE_BREAK) {
          if (relative(i) > options.limits.max_record_bytes) return fail_record_too_large(st);
          push_span({field_begin, field_end, true, escapes != 0});
          return end_record(out, i, c);
        }
        return fail(st, ErrorKind::character_after_quote, offset_of(i), span_count, data[i]);
      }
    }
  }
  pos = i;
  parse = st;
  return at_window_end(out);
}

ReadStatus Reader::State::at_window_end(Record& out) {
  const std::size_t n = window.size();
  if (parse == ParseState::record_start || parse == ParseState::after_cr) {
    if (finished) return ReadStatus::end;
    advance_window();
    return ReadStatus::need_input;
  }
  // A record is open. Check what grew since the last checks (line breaks inside quotes) before keeping
  // any of it, so that the outcome does not depend on where the input was split.
  if (parse == ParseState::quoted || parse == ParseState::quoted_after_cr) {
    const std::size_t length = relative(n) - field_begin - escapes;
    if (length > options.limits.max_field_bytes) return fail_field_too_large(parse, n, length);
  }
  if (relative(n) > options.limits.max_record_bytes) return fail_record_too_large(parse);

  if (!finished) {
    append_to_carry(window.substr(record_start));
    spanning = true;
    record_start = 0;
    advance_window();
    shift = carry.size();
    return ReadStatus::need_input;
  }

  switch (parse) {
    case ParseState::quoted:
    case ParseState::quoted_after_cr:
      return fail(parse, ErrorKind::unterminated_quote, field_offset, span_count);
    case ParseState::field_start:  // the input ends with a delimiter: an empty last field
      push_span({relative(n), relative(n), false, false});
      break;
    case ParseState::unquoted:
      push_span({field_begin, relative(n), false, false});
      break;
    case ParseState::quote_in_quoted:
      push_span({field_begin, field_end, true, escapes != 0});
      break;
    case ParseState::record_start:
    case ParseState::after_cr:
      break;
  }
  produce(out, n);
  parse = ParseState::record_start;
  return ReadStatus::record;
}

ReadStatus Reader::State::end_record(Record& out, std::size_t terminator, std::uint8_t terminator_class) {
  produce(out, terminator);
  ++line;
  pos = terminator + 1;
  parse = terminator_class == CR ? ParseState::after_cr : ParseState::record_start;
  return ReadStatus::record;
}

void Reader::State::produce(Record& out, std::size_t end) {
  const std::size_t length = relative(end);
  const char* base = nullptr;
  if (spanning) {
    append_to_carry(window.substr(0, end));
    base = carry.data();
    release_carry = true;
  } else {
    base = window.data() + record_start;
  }

  const std::size_t count = span_count;
  fields.resize(count);
  bool any_escaped = false;
  for (std::size_t k = 0; k < count; ++k) {
    const FieldSpan& span = spans[k];
    any_escaped |= span.escaped;
    fields[k] = Field{std::string_view(base + span.begin, span.end - span.begin), span.quoted};
  }
  if (any_escaped) {
    // Reserved up front so that views into scratch stay valid while later fields are appended.
    scratch.clear();
    scratch.reserve(length);
    for (std::size_t k = 0; k < count; ++k) {
      if (!spans[k].escaped) continue;
      const std::size_t start = scratch.size();
      append_unescaped(scratch, fields[k].value, options.quote);
      fields[k].value = std::string_view(scratch.data() + start, scratch.size() - start);
    }
  }

  out.fields = std::span<const Field>(fields.data(), count);
  out.line = record_line;
  out.line_count = line - record_line + 1;
  out.byte_offset = record_offset;
  out.raw = std::string_view(base, length);
}

std::size_t Reader::State::field_index_at(ParseState state, std::size_t relative_position) const {
  if (in_field(state) && relative_position >= field_offset - record_offset) return span_count;
  std::size_t k = span_count;
  while (k > 0 && raw_start(spans[k - 1]) > relative_position) {
    --k;
  }
  return k == 0 ? 0 : k - 1;
}

ReadStatus Reader::State::fail_field_too_large(ParseState state, std::size_t end, std::size_t value_length) {
  // Every value byte since the last check came from one input byte (checks run after each doubled
  // quote), so the first byte beyond the limit is found by counting back from `end`.
  const std::uint64_t offset = offset_of(end) - (value_length - options.limits.max_field_bytes);
  return fail(state, ErrorKind::field_too_large, offset, span_count);
}

ReadStatus Reader::State::fail_record_too_large(ParseState state) {
  const std::size_t limit = options.limits.max_record_bytes;
  return fail(state, ErrorKind::record_too_large, record_offset + limit, field_index_at(state, limit));
}

ReadStatus Reader::State::fail(ParseState state, ErrorKind kind, std::uint64_t offset,
                               std::size_t field_index, unsigned char byte) {
  // The record size is only checked where it matters (record end, window end, here) to keep the field
  // loop short. Whichever way the input was chunked, the first problem in input order is reported.
  const std::size_t record_limit = options.limits.max_record_bytes;
  if (kind != ErrorKind::record_too_large && offset - record_offset >= record_limit) {
    kind = ErrorKind::record_too_large;
    offset = record_offset + record_limit;
    field_index = field_index_at(state, record_limit);
  }
  failed = true;
  error.kind = kind;
  error.line = record_line;
  error.byte_offset = offset;
  error.field_index = field_index;
  switch (kind) {
    case ErrorKind::unterminated_quote:
      error.message = detail::unterminated_quote_message(record_line, field_index, options.quote);
      break;
    case ErrorKind::character_after_quote:
      error.message =
          detail::character_after_quote_message(record_line, line, field_index, byte, options.quote);
      break;
    case ErrorKind::field_too_large:
      error.message =
          detail::field_too_large_message(record_line, field_index, options.limits.max_field_bytes);
      break;
    case ErrorKind::record_too_large:
      error.message = detail::record_too_large_message(record_line, field_index, record_limit);
      break;
    case ErrorKind::too_many_fields:
      error.message =
          detail::too_many_fields_message(record_line, options.limits.max_fields, options.delimiter);
      break;
  }
  return ReadStatus::error;
}

Reader::Reader(Options options) : m_state(std::make_unique<State>(options)) {}
Reader::~Reader() = default;
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;

void Reader::feed(std::string_view chunk) {
  m_state->feed(chunk);
}
void Reader::finish() {
  m_state->finish();
}
ReadStatus Reader::next(Record& record) {
  return m_state->next(record);
}
const RowError& Reader::error() const {
  return m_state->error;
}

}  // namespace s3load::csv
