#include "ops/text_table.h"

#include <algorithm>
#include <numeric>

namespace s3load::ops {

namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Control characters become spaces.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return out;
}

std::string pad(const std::string& cell, std::size_t width, Align align) {
  const std::size_t used = display_width(cell);
  if (used >= width) return cell;
  const std::string spaces(width - used, ' ');
  return align == Align::left ? cell + spaces : spaces + cell;
}

}  // namespace

std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation(c); }));
}

std::string fit_cell(std::string_view text, std::size_t width) {
  std::string line = one_line(text);
  if (display_width(line) <= width) return line;
  if (width == 0) return "";
  // Keep width - 1 characters, then the ellipsis.
  std::size_t kept = 0;
  std::size_t end = 0;
  while (end < line.size()) {
    if (!is_continuation(line[end])) {
      if (kept == width - 1) break;
      ++kept;
    }
    ++end;
  }
  line.resize(end);
  return line + "…";
}

std::string format_count(long long value) {
  const bool negative = value < 0;
  std::string digits = std::to_string(negative ? -static_cast<unsigned long long>(value)
                                               : static_cast<unsigned long long>(value));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

TextTable::TextTable(std::vector<TableColumn> columns) : m_columns(std::move(columns)) {}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(m_columns.size());
  for (auto& cell : cells)
    cell = one_line(cell);
  m_rows.push_back(std::move(cells));
}

std::string TextTable::render(std::size_t screen_width) const {
  std::vector<std::size_t> widths;
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    std::size_t width = display_width(m_columns[c].title);
    for (const auto& row : m_rows)
      width = std::max(width, display_width(row[c]));
    if (m_columns[c].max_width)
      width = std::min(width, std::max(m_columns[c].max_width, display_width(m_columns[c].title)));
    widths.push_back(width);
  }
  if (screen_width > 0) {
    const auto total = [&] {
      return std::accumulate(widths.begin(), widths.end(), std::size_t{0}) + 2 * (widths.size() - 1);
    };
    // Narrow the widest shrinking column first, one character at a time, until it fits.
    while (total() > screen_width) {
      std::size_t widest = widths.size();
      for (std::size_t c = 0; c < widths.size(); ++c) {
        if (!m_columns[c].shrinks || widths[c] <= MIN_SHRUNK_WIDTH) continue;
        if (widest == widths.size() || widths[c] > widths[widest]) widest = c;
      }
      if (widest == widths.size()) break;
      --widths[widest];
    }
  }

  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) text += "  ";
      text += pad(fit_cell(cells[c], widths[c]), widths[c], m_columns[c].align);
    }
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    return text + "\n";
  };
  std::vector<std::string> titles;
  for (const auto& column : m_columns)
    titles.push_back(column.title);
  std::string out = line(titles);
  for (const auto& row : m_rows)
    out += line(row);
  return out;
}

std::string TextTable::render_markdown() const {
  const auto escape = [](const std::string& cell) {
    std::string out;
    for (const char c : cell) {
      if (c == '|') out += '\\';
      out += c;
    }
    return out;
  };
  std::string out = "|";
  for (const auto& column : m_columns)
    out += " " + escape(column.title) + " |";
  out += "\n|";
  for (const auto& column : m_columns)
    out += column.align == Align::right ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : m_rows) {
    out += "|";
    for (const auto& cell : row)
      out += " " + escape(cell) + " |";
    out += "\n";
  }
  return out;
}

}  // namespace s3load::ops
