#include "ops/status_report.h"

#include "ops/text_table.h"

namespace s3load::ops {

namespace {

nlohmann::json nullable(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

nlohmann::json nullable(const std::optional<std::int64_t>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

std::string or_dash(const std::optional<std::string>& value) {
  return value && !value->empty() ? *value : "-";
}

// "header_mismatch: header does not match …"
std::string error_text(const std::optional<std::string>& code, const std::optional<std::string>& message) {
  if (!code && !message) return "";
  if (!code) return *message;
  if (!message) return *code;
  return *code + ": " + *message;
}

std::string plural(std::int64_t count, std::string_view word) {
  return format_count(count) + " " + std::string(word) + (count == 1 ? "" : "s");
}

}  // namespace

Result<std::vector<std::string>> parse_statuses(std::string_view text) {
  std::vector<std::string> statuses;
  while (true) {
    const auto comma = text.find(',');
    const std::string status(text.substr(0, comma));
    if (status != "loaded" && status != "rejected" && status != "failed")
      return permanent_error("bad_status", "--status \"" + status + "\" is not a ledger status; use " +
                                               std::string(LEDGER_STATUSES) +
                                               " (several separated by commas: rejected,failed)");
    statuses.push_back(status);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return statuses;
}

void StatusTotals::add(std::string_view status, std::int64_t count, std::int64_t rows,
                       std::int64_t rejected_rows) {
  ingestions += count;
  if (status == "loaded") loaded += count;
  if (status == "rejected") rejected += count;
  if (status == "failed") failed += count;
  rows_loaded += rows;
  rows_rejected += rejected_rows;
}

std::string short_time(std::string_view iso) {
  std::string text(iso.substr(0, 19));
  if (text.size() > 10 && text[10] == 'T') text[10] = ' ';
  return text;
}

std::string render_status_table(const std::vector<pg::IngestionRecord>& rows, std::size_t screen_width) {
  TextTable table({{"id", Align::right},
                   {"time (UTC)"},
                   {"feed"},
                   {"key"},
                   {"status"},
                   {"rows", Align::right},
                   {"rejected", Align::right},
                   {"attempts", Align::right},
                   {"error", Align::left, 0, true}});
  for (const auto& row : rows) {
    table.add_row({std::to_string(row.id), short_time(row.started_at), or_dash(row.feed), row.key, row.status,
                   format_count(row.rows_loaded), format_count(row.rows_rejected),
                   std::to_string(row.attempts), error_text(row.error_code, row.error_message)});
  }
  return table.render(screen_width);
}

std::string render_totals(const StatusTotals& totals, std::size_t shown, std::string_view window) {
  std::string text = plural(totals.ingestions, "ingestion") + " " + std::string(window) + ": " +
                     format_count(totals.loaded) + " loaded, " + format_count(totals.rejected) +
                     " rejected, " + format_count(totals.failed) +
                     " failed; rows: " + format_count(totals.rows_loaded) + " loaded, " +
                     format_count(totals.rows_rejected) + " rejected\n";
  if (shown < static_cast<std::size_t>(totals.ingestions))
    text += "showing the latest " + format_count(static_cast<long long>(shown)) +
            "; --limit 0 shows all, --since/--status/--feed/--key narrow the list\n";
  return text;
}

nlohmann::json ingestion_json(const pg::IngestionRecord& record) {
  return {{"id", record.id},
          {"bucket", record.bucket},
          {"key", record.key},
          {"version_id", nullable(record.version_id)},
          {"etag", nullable(record.etag)},
          {"sequencer", nullable(record.sequencer)},
          {"size", nullable(record.size)},
          {"feed", nullable(record.feed)},
          {"target_table", nullable(record.target_table)},
          {"status", record.status},
          {"rows_loaded", record.rows_loaded},
          {"rows_rejected", record.rows_rejected},
          {"error_class", nullable(record.error_class)},
          {"error_code", nullable(record.error_code)},
          {"error_message", nullable(record.error_message)},
          {"attempts", record.attempts},
          {"request_id", nullable(record.request_id)},
          {"started_at", record.started_at},
          {"finished_at", nullable(record.finished_at)}};
}

nlohmann::json attempt_json(const pg::AttemptRecord& attempt) {
  return {{"attempt", attempt.attempt},
          {"status", attempt.status},
          {"error_class", nullable(attempt.error_class)},
          {"error_code", nullable(attempt.error_code)},
          {"error_message", nullable(attempt.error_message)},
          {"rows_loaded", attempt.rows_loaded},
          {"rows_rejected", attempt.rows_rejected},
          {"request_id", nullable(attempt.request_id)},
          {"started_at", attempt.started_at},
          {"finished_at", nullable(attempt.finished_at)}};
}

nlohmann::json rejected_row_json(const pg::StoredRejectedRow& row) {
  return {{"line", nullable(row.line)},
          {"column", nullable(row.column)},
          {"reason", row.reason},
          {"raw_line", nullable(row.raw_line)}};
}

std::string render_rejected_rows(const std::vector<pg::StoredRejectedRow>& rows, std::size_t screen_width) {
  TextTable table({{"line", Align::right},
                   {"column"},
                   {"reason", Align::left, 0, true},
                   {"raw line", Align::left, 0, true}});
  for (const auto& row : rows)
    table.add_row({row.line ? std::to_string(*row.line) : "-", or_dash(row.column), row.reason,
                   row.raw_line.value_or("")});
  return table.render(screen_width);
}

std::string render_ingestion_detail(const IngestionDetail& detail, std::size_t screen_width) {
  const auto& record = detail.record;
  std::string out = "ingestion " + std::to_string(record.id) + ": " + record.status + "\n";
  const auto field = [&](std::string_view name, const std::string& value) {
    std::string label(name);
    label.resize(10, ' ');
    out += "  " + label + value + "\n";
  };
  field("object", "s3://" + record.bucket + "/" + record.key);
  field("version", or_dash(record.version_id) + " (etag " + or_dash(record.etag) + ")");
  if (record.size) field("size", plural(*record.size, "byte"));
  field("feed", or_dash(record.feed) + (record.target_table ? " → " + *record.target_table : ""));
  field("rows",
        format_count(record.rows_loaded) + " loaded, " + format_count(record.rows_rejected) + " rejected");
  field("attempts", std::to_string(record.attempts));
  field("started", short_time(record.started_at) + " UTC");
  if (record.finished_at) field("finished", short_time(*record.finished_at) + " UTC");
  if (record.request_id) field("request", *record.request_id);
  if (record.error_code || record.error_message)
    field("error", (record.error_class ? *record.error_class + " " : "") +
                       error_text(record.error_code, record.error_message));

  if (!detail.attempts.empty()) {
    out += "\nattempts:\n";
    TextTable table({{"#", Align::right},
                     {"time (UTC)"},
                     {"status"},
                     {"rows", Align::right},
                     {"rejected", Align::right},
                     {"request"},
                     {"error", Align::left, 0, true}});
    for (const auto& attempt : detail.attempts)
      table.add_row({std::to_string(attempt.attempt), short_time(attempt.started_at), attempt.status,
                     format_count(attempt.rows_loaded), format_count(attempt.rows_rejected),
                     or_dash(attempt.request_id), error_text(attempt.error_code, attempt.error_message)});
    out += table.render(screen_width);
  }

  if (!detail.rejected_rows.empty()) {
    out += "\nrejected rows";
    if (static_cast<std::int64_t>(detail.rejected_rows.size()) < detail.rejected_rows_stored)
      out += " (the first " + format_count(static_cast<long long>(detail.rejected_rows.size())) + " of " +
             format_count(detail.rejected_rows_stored) + " kept; --limit 0 shows all)";
    else if (detail.rejected_rows_stored < record.rows_rejected)
      out += " (the ledger keeps the first " + format_count(detail.rejected_rows_stored) + ")";
    out += ":\n" + render_rejected_rows(detail.rejected_rows, screen_width);
  }

  if (record.status != "loaded")
    out +=
        "\nAfter fixing the cause (the file, the table or the feed config), load it again with:\n  s3load "
        "replay "
        "'s3://" +
        record.bucket + "/" + record.key + "'\n";
  return out;
}

}  // namespace s3load::ops
