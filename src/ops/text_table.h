// Plain-text and Markdown tables for operators. Pure.
//
// Widths count UTF-8 characters (code points); control characters in cells (line breaks, tabs) are
// shown as spaces so one row stays one line. A cell wider than its column is cut and ends in "…".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace s3load::ops {

enum class Align { left, right };

struct TableColumn {
  std::string title;
  Align align = Align::left;
  std::size_t max_width = 0;  // 0: as wide as the widest cell
  bool shrinks = false;       // gives up width first when the table is wider than the screen
};

class TextTable {
 public:
  explicit TextTable(std::vector<TableColumn> columns);

  // `cells` has one entry per column.
  void add_row(std::vector<std::string> cells);
  std::size_t rows() const { return m_rows.size(); }

  // Title line, then one line per row; columns separated by two spaces, no trailing spaces.
  // With `screen_width` > 0, shrinking columns are narrowed (to MIN_SHRUNK_WIDTH at least) to fit.
  std::string render(std::size_t screen_width = 0) const;

  // A GitHub-flavoured Markdown table ('|' in cells escaped, no width limits).
  std::string render_markdown() const;

  static constexpr std::size_t MIN_SHRUNK_WIDTH = 12;

 private:
  std::vector<TableColumn> m_columns;
  std::vector<std::vector<std::string>> m_rows;
};

// Number of UTF-8 characters in `text`.
std::size_t display_width(std::string_view text);

// `text` with control characters as spaces, cut to `width` characters (ending in "…" when cut).
std::string fit_cell(std::string_view text, std::size_t width);

// 1234567 → "1,234,567".
std::string format_count(long long value);

}  // namespace s3load::ops
