// Maps the n-th row sent to COPY back to the physical line of the file, so that an error the server
// raises ("COPY t, line 812") names the line a person can open. Stores only the places where the
// mapping stops being "one more row, one more line" (multi-line records, blank lines, skipped rows),
// so its size does not grow with ordinary files.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace s3load {

class LineMap {
 public:
  // Row `row` (1-based, in COPY order) starts at physical line `line`; rows must come in order.
  void add(std::uint64_t row, std::uint64_t line) {
    if (!m_breaks.empty()) {
      const auto& [last_row, last_line] = m_breaks.back();
      if (line - last_line == row - last_row) return;  // still on the straight line
    }
    m_breaks.emplace_back(row, line);
  }

  // The physical line of row `row`, or 0 when unknown.
  std::uint64_t line_of(std::uint64_t row) const {
    auto it = std::upper_bound(m_breaks.begin(), m_breaks.end(), std::make_pair(row, UINT64_MAX));
    if (it == m_breaks.begin()) return 0;
    --it;
    return it->second + (row - it->first);
  }

  void clear() { m_breaks.clear(); }

 private:
  std::vector<std::pair<std::uint64_t, std::uint64_t>> m_breaks;
};

}  // namespace s3load
