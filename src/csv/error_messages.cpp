#include "csv/error_messages.h"

#include <array>

namespace s3load::csv::detail {

namespace {

std::string line_prefix(std::uint64_t line) {
  return "line " + std::to_string(line) + ": ";
}

std::string field_name(std::size_t field_index) {
  return "field " + std::to_string(field_index + 1);
}

std::string doubled(char quote) {
  return std::string(2, quote);
}

}  // namespace

std::string describe_byte(unsigned char byte) {
  if (byte == ' ') return "a space";
  if (byte == '\t') return "a tab";
  if (byte > 0x20 && byte < 0x7f) return std::string{'\'', static_cast<char>(byte), '\''};
  constexpr std::array<char, 16> HEX = {'0', '1', '2', '3', '4', '5', '6', '7',
                                        '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
  return std::string("byte 0x") + HEX[byte >> 4] + HEX[byte & 0xf];
}

std::string unterminated_quote_message(std::uint64_t line, std::size_t field_index, char quote) {
  return line_prefix(line) + field_name(field_index) +
         " starts with a quote that is never closed (reached end of input); quote the whole field and "
         "double any quotes inside it (" +
         doubled(quote) + ")";
}

std::string character_after_quote_message(std::uint64_t line, std::uint64_t physical_line,
                                          std::size_t field_index, unsigned char byte, char quote) {
  std::string where = physical_line == line ? "" : " (on line " + std::to_string(physical_line) + ")";
  return line_prefix(line) + field_name(field_index) + " has " + describe_byte(byte) +
         " after its closing quote" + where +
         "; a quoted field must end at its closing quote: quote the whole field and double any quotes "
         "inside it (" +
         doubled(quote) + ")";
}

std::string field_too_large_message(std::uint64_t line, std::size_t field_index, std::size_t limit) {
  return line_prefix(line) + field_name(field_index) + " is larger than the limit of " +
         std::to_string(limit) +
         " bytes; check the file for a quote that is never closed, or raise the field size limit";
}

std::string record_too_large_message(std::uint64_t line, std::size_t field_index, std::size_t limit) {
  return line_prefix(line) + "the record is larger than the limit of " + std::to_string(limit) +
         " bytes (reached in " + field_name(field_index) +
         "); check the file for a quote that is never closed, or raise the record size limit";
}

std::string too_many_fields_message(std::uint64_t line, std::size_t limit, char delimiter) {
  return line_prefix(line) + "the record has more than " + std::to_string(limit) +
         " fields; check that the delimiter is " + describe_byte(static_cast<unsigned char>(delimiter)) +
         " and that fields containing it are quoted";
}

}  // namespace s3load::csv::detail
