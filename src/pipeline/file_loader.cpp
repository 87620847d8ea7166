#include "pipeline/file_loader.h"

#include <charconv>
#include <memory>
#include <vector>

#include "core/log.h"
#include "csv/csv_reader.h"
#include "feeds/column_mapping.h"
#include "pipeline/line_map.h"
#include "pipeline/row_encoder.h"

namespace s3load {

namespace {

constexpr std::size_t READ_BUFFER_BYTES = 256 * 1024;
constexpr std::size_t MAX_LOGGED_ROW_ERRORS = 100;

// "COPY orders, line 3, column qty: "abc"" → (3, "qty")
struct CopyContext {
  std::uint64_t row = 0;
  std::string column;
};

CopyContext parse_copy_context(std::string_view context) {
  CopyContext parsed;
  const auto line_at = context.find(", line ");
  if (line_at == std::string_view::npos) return parsed;
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

class Loader {
 public:
  Loader(ByteSource& source, const FileLoadRequest& request)
      : m_source(source), m_request(request), m_feed(request.feed) {}

  FileLoadResult run() {
    csv::Options options;
    options.delimiter = m_feed.delimiter.value_or(',');
    options.quote = m_feed.quote;
    options.limits = m_feed.limits;
    csv::Reader reader(options);
    std::vector<char> buffer(READ_BUFFER_BYTES);
    csv::Record record;
    for (;;) {
      const auto status = reader.next(record);
      if (status == csv::ReadStatus::need_input) {
        if (m_request.cancel && m_request.cancel->load())
          throw Failure(
              transient_error("deadline", "loading " + m_request.what + " was stopped before the deadline"));
        const std::size_t got = m_source.read(buffer.data(), buffer.size());
        if (got == 0)
          reader.finish();
        else
          reader.feed(std::string_view(buffer.data(), got));
        continue;
      }
      if (status == csv::ReadStatus::end) break;
      if (status == csv::ReadStatus::error) {
        const auto& error = reader.error();
        // Structural errors make the rest of the file unreadable: the file is rejected whatever on_error
        // says.
        reject_file(pg::RejectedRow{error.line, "", error.message, ""}, "bad_csv");
        break;
      }
      if (!on_record(record)) break;
    }
    return finish();
  }

 private:
  // Returns false when reading can stop.
  bool on_record(const csv::Record& record) {
    if (!m_mapping) return on_first_record(record);
    ++m_result.records;
    m_row.clear();
    if (auto problem = m_encoder->encode(record, m_row)) {
      return on_row_problem(record, std::move(*problem));
    }
    if (m_copying) {
      ++m_rows_sent;
      m_lines.add(m_rows_sent, record.line);
      m_request.sink.put(m_row);
    }
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
                  mapping.error().code);
      return false;
    }
    m_mapping = std::move(mapping).value();
    m_encoder = make_row_encoder(m_feed, m_request.table, *m_mapping);
    start_copy();
    if (!m_feed.header) return on_record(record);
    return true;
  }

  void start_copy() {
    std::string sql = "COPY " + m_request.copy_target + " (";
    bool first = true;
    for (const auto index : m_mapping->copy_columns) {
      sql += first ? "" : ", ";
      sql += quote_identifier(m_request.table.columns[index].name);
      first = false;
    }
    sql += ") FROM STDIN " + m_encoder->copy_options();
    m_request.sink.begin(sql);
    m_request.sink.put(m_encoder->header());
    m_copying = true;
  }

  // Column names come from the catalog, but are still quoted: they may contain anything.
  static std::string quote_identifier(std::string_view name) {
    std::string quoted = "\"";
    for (const char c : name) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    return quoted + "\"";
  }

  bool on_row_problem(const csv::Record& record, RowProblem problem) {
    ++m_result.rows_rejected;
    if (!m_result.first_error_line) m_result.first_error_line = record.line;
    pg::RejectedRow row{record.line, problem.column, problem.reason, truncate_raw_line(record.raw)};
    log_row_error(row);
    if (m_result.rejected_rows.size() < MAX_KEPT_REJECTED_ROWS)
      m_result.rejected_rows.push_back(std::move(row));

    if (m_feed.on_error == OnError::reject_file) {
      if (!m_result.rejection) {
        stop_copy("row error");
        m_result.rejection = permanent_error("bad_rows", "");  // message completed in finish()
      }
      return m_result.rejected_rows.size() < MAX_REPORTED_ROW_ERRORS;
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

  void reject_file(pg::RejectedRow row, const std::string& code) {
    stop_copy("file rejected");
    if (!m_result.first_error_line && row.line) m_result.first_error_line = row.line;
    log_row_error(row);
    m_result.rejection =
        permanent_error(code, row.line ? "line " + std::to_string(row.line) + ": " + row.reason : row.reason);
    m_result.rejected_rows.push_back(std::move(row));
  }

  void stop_copy(const std::string& reason) {
    if (!m_copying) return;
    m_request.sink.abort(reason);
    m_copying = false;
  }

  FileLoadResult finish() {
    if (!m_mapping && !m_result.rejection) {
      m_result.rejection = permanent_error(
          "empty_file", m_feed.header ? "the file is empty: expected a header line" : "the file is empty");
    }
    if (m_copying && m_feed.on_error == OnError::skip_rows && m_feed.max_rejected_ratio &&
        m_result.records > 0) {
      const double ratio =
          static_cast<double>(m_result.rows_rejected) / static_cast<double>(m_result.records);
      if (ratio > *m_feed.max_rejected_ratio) {
        stop_copy("too many rejected rows");
        m_result.rejection = permanent_error("too_many_rejected_rows", "");
      }
    }
    if (m_copying) {
      m_request.sink.put(m_encoder->trailer());
      m_copying = false;
      try {
        m_result.rows_loaded = m_request.sink.end();
      } catch (const pg::DatabaseError& error) {
        if (error.error().is_transient()) throw;
        // A constraint or type the server still enforces: name the line when the server tells us.
        const auto context = parse_copy_context(error.fields().context);
        const std::uint64_t line = context.row ? m_lines.line_of(context.row) : 0;
        std::string reason = error.fields().primary;
        if (!error.fields().detail.empty()) reason += " (" + error.fields().detail + ")";
        m_result.rows_rejected += 1;
        reject_file(pg::RejectedRow{line, context.column.empty() ? error.fields().column : context.column,
                                    reason, ""},
                    error.error().code);
      }
    }
    if (m_result.rejection && m_result.rejection->message.empty())
      m_result.rejection->message = rejection_message();
    if (m_result.rejection) m_result.rows_loaded = 0;
    return std::move(m_result);
  }

  std::string rejection_message() const {
    const auto& first = m_result.rejected_rows.front();
    std::string text = std::to_string(m_result.rows_rejected) + " row" +
                       (m_result.rows_rejected == 1 ? "" : "s") + " rejected";
    if (m_feed.on_error == OnError::skip_rows) {
      text += " of " + std::to_string(m_result.records) + ", above the feed's limit";
    }
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
  std::string m_row;
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
  if (raw.size() <= MAX_RAW_LINE_BYTES) return std::string(raw);
  std::size_t cut = MAX_RAW_LINE_BYTES;
  // Back up to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
  while (cut > 0 && (static_cast<unsigned char>(raw[cut]) & 0xC0) == 0x80)
    --cut;
  return std::string(raw.substr(0, cut)) + "…";
}

}  // namespace s3load
