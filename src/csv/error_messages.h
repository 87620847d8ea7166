// Human-readable RowError messages: what happened, where, and how to fix it. Lines are physical and
// 1-based; fields are counted from 1 here (RowError::field_index stays 0-based).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace s3load::csv::detail {

// 'x' for a printable ASCII byte, "a space", "a tab", otherwise "byte 0xNN".
std::string describe_byte(unsigned char byte);

std::string unterminated_quote_message(std::uint64_t line, std::size_t field_index, char quote);
// physical_line is where the offending byte sits; mentioned when the record started on an earlier line.
std::string character_after_quote_message(std::uint64_t line, std::uint64_t physical_line,
                                          std::size_t field_index, unsigned char byte, char quote);
std::string field_too_large_message(std::uint64_t line, std::size_t field_index, std::size_t limit);
std::string record_too_large_message(std::uint64_t line, std::size_t field_index, std::size_t limit);
std::string too_many_fields_message(std::uint64_t line, std::size_t limit, char delimiter);

}  // namespace s3load::csv::detail
