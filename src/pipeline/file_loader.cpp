#include "pipeline/file_loader.h"

#include <charconv>
#include <memory>
#include <vector>

#include "convert/utf8.h"
#include "core/log.h"
#include "csv/csv_reader.h"
#include "decode/decoding_source.h"
#include "feeds/column_mapping.h"
#include "pipeline/line_map.h"
#include "pipeline/prefetching_reader.h"
#include "pipeline/row_encoder.h"

namespace s3load {

namespace {

// Encoded rows go to the sink in pieces of about this size (the sink batches them further).
constexpr std::size_t SEND_BYTES = 256 * 1024;
constexpr std::size_t DELIMITER_SAMPLE_BYTES = 64 * 1024;
constexpr std::size_t MAX_LOGGED_ROW_ERRORS = 100;
// With reject_file, reading stops after this many row errors: enough to fix a file in one go.
constexpr std::size_t MAX_ROW_ERRORS_BEFORE_STOPPING = 100;
// Isolation batches: small enough that bisecting one costs little, large enough to keep COPY efficient.
constexpr std::size_t BATCH_ROWS = 5000;
constexpr std::size_t BATCH_BYTES = 4u << 20;

// "COPY orders, line 3, column qty: "abc"" → (3, "qty")
struct CopyContext {
  std::uint64_t row = 0;
  std::string column;
};

CopyContext parse_copy_context(std::string_view context) {
  CopyContext parsed;
  const auto line_at = context.find(", line ");
  if (context.rfind("COPY ", 0) != 0 || line_at == std::string_view::npos) return parsed;
  const char* begin = context.data() + line_at + 7;
  const char* end = context.data() + context.size();
  const auto [after, ec] = std::from_chars(begin, end, parsed.row);
  if (ec != std::errc()) return CopyContext{};
  std::string_view rest(after, static_cast<std::size_t>(end - after));
  if (rest.rfind(", column ", 0) == 0) {
    rest.remove_prefix(9);
    parsed.column = std::string(rest.substr(0, rest.find(':')));
  }
  return parsed;
}

std::string server_reason(const pg::DatabaseError& error) {
  std::string reason = error.fields().primary;
  if (!error.fields().detail.empty()) reason += " (" + error.fields().detail + ")";
  return reason;
}

// Byte stages report where they failed as a "line N: " prefix (they know physical lines, not records).
std::uint64_t line_in_message(std::string_view message) {
  if (message.rfind("line ", 0) != 0) return 0;
  std::uint64_t line = 0;
  std::from_chars(message.data() + 5, message.data() + message.size(), line);
  return line;
}

std::string quote_identifier(std::string_view name) {
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

class Loader {
 public:
  Loader(ByteSource& source, const FileLoadRequest& request)
      : m_source(source), m_request(request), m_feed(request.feed) {}

  FileLoadResult run() {
    try {
      read_all();
    } catch (const pg::DatabaseError&) {
      throw;
    } catch (const Failure& failure) {
      // A bad gzip stream, a bad byte in the declared encoding, a table that does not suit the mode:
      // permanent problems of the file as a whole.
      if (failure.error().is_transient()) throw;
      reject_file(pg::RejectedRow{line_in_message(failure.error().message), "", failure.error().message, ""},
                  failure.error().code, failure.error().message);
    }
    return finish();
  }

 private:
  void read_all() {
    // Bytes are read (and gunzipped, transcoded) on their own thread, ahead of the parsing here.
    PrefetchingReader input(
        m_source, m_request.cancel,
        "loading " + m_request.what + " was stopped (deadline approaching or shutting down)");
    // The first bytes decide the delimiter when the feed says "auto". Pieces are much longer than the
    // sample, so only a short object (or a failure right at its start) needs more than one.
    PrefetchingReader::Piece piece = input.next();
    std::string_view sample = piece.bytes;
    bool at_end = piece.last;
    std::string joined;
    if (!at_end && sample.size() < DELIMITER_SAMPLE_BYTES) {
      joined.assign(sample);
      while (!at_end && joined.size() < DELIMITER_SAMPLE_BYTES) {
        piece = input.next();
        joined.append(piece.bytes);
        at_end = piece.last;
      }
      sample = joined;
    }
    m_result.delimiter =
        m_feed.delimiter ? *m_feed.delimiter : detect_delimiter(sample, m_feed.quote).value_or(',');

    csv::Options options;
    options.delimiter = m_result.delimiter;
    options.quote = m_feed.quote;
    options.limits = m_feed.limits;
    csv::Reader reader(options);
    if (!sample.empty()) reader.feed(sample);
    if (at_end) reader.finish();
    csv::Record record;
    for (;;) {
      const auto status = reader.next(record);
      if (status == csv::ReadStatus::need_input) {
        // The reader keeps what it still needs of the previous piece, so its buffer may be reused now.
        piece = input.next();
        if (!piece.bytes.empty()) reader.feed(piece.bytes);
        if (piece.last) reader.finish();
        continue;
      }
      if (status == csv::ReadStatus::end) return;
      if (status == csv::ReadStatus::error) {
        const auto& error = reader.error();
        // Structural errors make the rest of the file unreadable: the file is rejected whatever on_error
        // says.
        reject_file(pg::RejectedRow{error.line, "", error.message, ""}, "bad_csv", error.message);
        return;
      }
      if (!on_record(record)) return;
    }
  }

  // Returns false when reading can stop.
  bool on_record(const csv::Record& record) {
    if (!m_encoder) return on_first_record(record);
    ++m_result.records;
    const std::size_t start = m_pending.size();
    if (auto problem = m_encoder->encode(record, m_pending)) {
      m_pending.resize(start);
      return on_row_problem(
          pg::RejectedRow{record.line, problem->column, problem->reason, truncate_raw_line(record.raw)});
    }
    if (m_result.rejection || (!m_copying && !m_request.isolate)) {
      m_pending.resize(start);  // the file is already rejected: only validating from here on
      return true;
    }
    if (m_request.isolate) {
      m_batch.push_back(
          BatchRow{start, m_pending.size() - start, record.line, truncate_raw_line(record.raw)});
      if (m_batch.size() >= BATCH_ROWS || m_pending.size() >= BATCH_BYTES) return flush_batch();
      return true;
    }
    ++m_rows_sent;
    m_lines.add(m_rows_sent, record.line);
    if (m_pending.size() >= SEND_BYTES) send_pending();
    return true;
  }

  bool on_first_record(const csv::Record& record) {
    Result<ColumnMapping> mapping = permanent_error("", "");
    if (m_feed.header) {
      std::vector<std::string> names;
      for (const auto& field : record.fields)
        names.emplace_back(field.value);
      mapping = map_header(names, m_request.table, m_feed);
    } else {
      mapping = map_positional(record.fields.size(), m_request.table, m_feed);
    }
    if (!mapping) {
      reject_file(pg::RejectedRow{record.line, "", mapping.error().message, truncate_raw_line(record.raw)},
                  mapping.error().code, "");
      return false;
    }
    m_mapping = std::move(mapping).value();
    m_encoder = make_row_encoder(m_feed, m_request.table, *m_mapping);
    m_result.copy_format = m_encoder->copy_options().find("binary") != std::string::npos ? "binary" : "text";
    for (const auto index : m_mapping->copy_columns)
      m_result.columns.push_back(m_request.table.columns[index].name);
    m_copy_sql = "COPY " + m_request.target.prepare(m_result.columns) + " (";
    for (std::size_t i = 0; i < m_result.columns.size(); ++i)
      m_copy_sql += (i ? ", " : "") + quote_identifier(m_result.columns[i]);
    m_copy_sql += ") FROM STDIN " + m_encoder->copy_options();
    if (!m_request.isolate) {
      m_request.sink.begin(m_copy_sql);
      m_request.sink.put(m_encoder->header());
      m_copying = true;
    }
    if (!m_feed.header) return on_record(record);
    return true;
  }

  void send_pending() {
    m_request.sink.put(m_pending);
    m_pending.clear();
  }

  bool on_row_problem(pg::RejectedRow row) {
    ++m_result.rows_rejected;
    if (!m_result.first_error_line) m_result.first_error_line = row.line;
    log_row_error(row);
    if (m_result.rejected_rows.size() < std::min(MAX_KEPT_REJECTED_ROWS, m_request.max_reported_errors) ||
        (!m_request.validate_only && m_result.rejected_rows.size() < MAX_KEPT_REJECTED_ROWS))
      m_result.rejected_rows.push_back(std::move(row));
    if (m_request.validate_only) return true;

    if (m_feed.on_error == OnError::reject_file) {
      if (!m_result.rejection) {
        stop_copy("row error");
        m_result.rejection = permanent_error("bad_rows", "");  // message completed in finish()
      }
      return m_result.rejected_rows.size() < MAX_ROW_ERRORS_BEFORE_STOPPING;
    }
    if (m_feed.max_rejected_rows &&
        static_cast<std::uint64_t>(m_result.rows_rejected) > *m_feed.max_rejected_rows) {
      stop_copy("too many rejected rows");
      m_result.rejection = permanent_error("too_many_rejected_rows", "");
      return false;
    }
    return true;
  }

  void log_row_error(const pg::RejectedRow& row) {
    if (m_logged_row_errors++ >= MAX_LOGGED_ROW_ERRORS) return;
    log(LogLevel::warn, "row rejected",
        {{"object", m_request.what},
         {"feed", m_feed.name},
         {"line", row.line},
         {"column", row.column},
         {"reason", row.reason},
         {"raw_line", row.raw_line}});
  }

  void reject_file(pg::RejectedRow row, const std::string& code, const std::string& message) {
    stop_copy("file rejected");
    m_batch.clear();
    m_pending.clear();
    if (!m_result.first_error_line && row.line) m_result.first_error_line = row.line;
    log_row_error(row);
    m_result.rejection =
        permanent_error(code, !message.empty() ? message
                              : row.line       ? "line " + std::to_string(row.line) + ": " + row.reason
                                               : row.reason);
    m_result.rejected_rows.push_back(std::move(row));
  }

  void stop_copy(const std::string& reason) {
    if (!m_copying) return;
    m_request.sink.abort(reason);
    m_copying = false;
  }

  // Isolation mode: one batch under a savepoint; refused batches are bisected to the offending rows.
  struct BatchRow {
    std::size_t offset = 0;
    std::size_t size = 0;
    std::uint64_t line = 0;
    std::string raw;
  };

  bool flush_batch() {
    if (!m_batch.empty() && !m_result.rejection) apply_range(0, m_batch.size());
    m_batch.clear();
    m_pending.clear();
    return !m_result.rejection || m_request.validate_only;
  }

  void apply_range(std::size_t begin, std::size_t end) {
    if (m_result.rejection) return;
    auto& sink = m_request.sink;
    sink.exec("SAVEPOINT s3load_batch");
    try {
      sink.begin(m_copy_sql);
      sink.put(m_encoder->header());
      for (std::size_t i = begin; i < end; ++i)
        sink.put(std::string_view(m_pending).substr(m_batch[i].offset, m_batch[i].size));
      sink.put(m_encoder->trailer());
      sink.end();
      m_request.target.apply(static_cast<std::int64_t>(end - begin));
      sink.exec("RELEASE SAVEPOINT s3load_batch");
      m_result.rows_loaded += static_cast<std::int64_t>(end - begin);
    } catch (const pg::DatabaseError& error) {
      if (error.error().is_transient()) throw;
      sink.exec("ROLLBACK TO SAVEPOINT s3load_batch");
      sink.exec("RELEASE SAVEPOINT s3load_batch");
      if (end - begin > 1) {
        const std::size_t middle = begin + (end - begin) / 2;
        apply_range(begin, middle);
        apply_range(middle, end);
        return;
      }
      const auto& row = m_batch[begin];
      const auto context = parse_copy_context(error.fields().context);
      on_row_problem(pg::RejectedRow{row.line,
                                     context.column.empty() ? error.fields().column : context.column,
                                     server_reason(error), row.raw});
    }
  }

  FileLoadResult finish() {
    if (!m_encoder && !m_result.rejection) {
      m_result.rejection = permanent_error(
          "empty_file", m_feed.header ? "the file is empty: expected a header line" : "the file is empty");
    }
    if (m_request.isolate && !m_result.rejection) flush_batch();
    if (!m_request.validate_only && m_feed.on_error == OnError::skip_rows && m_feed.max_rejected_ratio &&
        m_result.records > 0 && !m_result.rejection) {
      const double ratio =
          static_cast<double>(m_result.rows_rejected) / static_cast<double>(m_result.records);
      if (ratio > *m_feed.max_rejected_ratio) {
        stop_copy("too many rejected rows");
        m_result.rejection = permanent_error("too_many_rejected_rows", "");
      }
    }
    if (m_copying) finish_copy();
    if (m_request.validate_only) {
      m_result.rows_loaded = static_cast<std::int64_t>(m_result.records) - m_result.rows_rejected;
      if (m_result.rows_rejected > 0 && !m_result.rejection)
        m_result.rejection = permanent_error("bad_rows", "");
    }
    if (m_result.rejection && m_result.rejection->message.empty())
      m_result.rejection->message = rejection_message();
    if (!m_request.validate_only &&
        (m_result.rejection || m_result.needs_isolation || m_result.needs_staging))
      m_result.rows_loaded = 0;
    return std::move(m_result);
  }

  // The normal mode's single COPY ends here; a refused COPY either names its line or asks for isolation.
  void finish_copy() {
    m_copying = false;
    try {
      send_pending();
      m_request.sink.put(m_encoder->trailer());
      m_result.rows_loaded = m_request.sink.end();
      m_request.target.apply(m_result.rows_loaded);
    } catch (const pg::DatabaseError& error) {
      if (error.error().is_transient()) throw;
      if (m_request.target.wants_staging(error)) {
        m_result.needs_staging = true;
        return;
      }
      const auto context = parse_copy_context(error.fields().context);
      const std::uint64_t line = context.row ? m_lines.line_of(context.row) : 0;
      if (m_feed.on_error == OnError::reject_file && line != 0) {
        ++m_result.rows_rejected;
        reject_file(pg::RejectedRow{line, context.column.empty() ? error.fields().column : context.column,
                                    server_reason(error), ""},
                    error.error().code, "");
        return;
      }
      // The server refused rows without naming the line (a foreign key, a merge), or skip_rows must keep
      // the other rows: load again, batch by batch, to find them.
      log(LogLevel::info, "the database refused rows; loading again in batches to isolate them",
          {{"object", m_request.what},
           {"feed", m_feed.name},
           {"error_code", error.error().code},
           {"error_message", error.error().message}});
      m_result.needs_isolation = true;
    }
  }

  std::string rejection_message() const {
    if (m_result.rejected_rows.empty()) return "the file was rejected";
    const auto& first = m_result.rejected_rows.front();
    std::string text = std::to_string(m_result.rows_rejected) + " row" +
                       (m_result.rows_rejected == 1 ? "" : "s") + " rejected";
    if (m_feed.on_error == OnError::skip_rows && !m_request.validate_only)
      text += " of " + std::to_string(m_result.records) + ", above the feed's limit";
    text += "; first at line " + std::to_string(first.line);
    if (!first.column.empty()) text += ", column " + first.column;
    text += ": " + first.reason;
    return text;
  }

  ByteSource& m_source;
  const FileLoadRequest& m_request;
  const FeedConfig& m_feed;
  FileLoadResult m_result;
  std::optional<ColumnMapping> m_mapping;
  std::unique_ptr<RowEncoder> m_encoder;
  std::string m_copy_sql;
  std::string m_pending;  // encoded rows not yet sent (normal mode) or the current batch (isolation)
  std::vector<BatchRow> m_batch;
  bool m_copying = false;
  std::uint64_t m_rows_sent = 0;
  std::size_t m_logged_row_errors = 0;
  LineMap m_lines;
};

}  // namespace

FileLoadResult load_file(ByteSource& source, const FileLoadRequest& request) {
  return Loader(source, request).run();
}

std::string truncate_raw_line(std::string_view raw) {
  // The raw line is stored in a text column and logged as JSON: bytes that are not UTF-8 (or NUL) are
  // shown as \xNN so that the operator sees exactly what the file holds.
  return convert::escape_bad_text(raw, MAX_RAW_LINE_BYTES);
}

}  // namespace s3load
