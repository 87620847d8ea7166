// The value converters (src/convert, ColumnConverter) on arbitrary values for every supported column
// type, typmod and (for dates and timestamps) a fuzzed date format: a refused value leaves the output
// untouched and gets a printable UTF-8 reason; an accepted one appends a well-formed binary COPY value.
#include <cstdint>
#include <string>
#include <string_view>

#include "convert/column_converter.h"
#include "fuzz_support.h"

namespace {

using s3load::fuzz::check;

struct ColumnType {
  std::uint32_t oid;
  const char* name;
  int fixed_size;  // bytes of the binary value, or -1 when it varies
};

constexpr ColumnType TYPES[] = {
    {21, "int2", 2},        {23, "int4", 4},          {20, "int8", 8},    {1700, "numeric", -1},
    {700, "float4", 4},     {701, "float8", 8},       {16, "bool", 1},    {25, "text", -1},
    {1043, "varchar", -1},  {1042, "bpchar", -1},     {19, "name", -1},   {1082, "date", 4},
    {1114, "timestamp", 8}, {1184, "timestamptz", 8}, {2950, "uuid", 16}, {114, "json", -1},
    {3802, "jsonb", -1},
};

std::int32_t typmod_for(std::uint32_t oid, std::uint8_t selector) {
  if (selector & 0x80) return -1;  // no typmod: numeric, varchar(…) without a length, timestamp without (p)
  switch (oid) {
    case 1700: {  // numeric(p, s): ((p << 16) | s) + 4, 1 <= p <= 1000, s may be negative since PG 15
      const int precision = 1 + (selector & 31);
      const int scale = (selector >> 5) - 1;
      return ((precision << 16) | (scale & 0x7FF)) + 4;
    }
    case 1043:
    case 1042:
      return 4 + 1 + (selector & 15);
    case 1114:
    case 1184:
      return selector % 7;
    default:
      return -1;
  }
}

std::uint16_t big_endian16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(bytes[at]) << 8) |
                                    static_cast<unsigned char>(bytes[at + 1]));
}

// PostgreSQL's binary numeric: ndigits, weight, sign, dscale (int16 each), then ndigits base-10000 digits.
void check_numeric(std::string_view value) {
  check(value.size() >= 8, "a binary numeric has its 8-byte header");
  const std::uint16_t digits = big_endian16(value, 0);
  const std::uint16_t sign = big_endian16(value, 4);
  check(value.size() == 8 + 2u * digits, "a binary numeric has ndigits digits");
  check(sign == 0x0000 || sign == 0x4000 || sign == 0xC000 || sign == 0xD000 || sign == 0xF000,
        "a binary numeric has a valid sign");
  for (std::uint16_t i = 0; i < digits; ++i)
    check(big_endian16(value, 8 + 2u * i) < 10000, "a numeric digit is below 10000");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  s3load::fuzz::Input input(data, size);
  const ColumnType& type = TYPES[input.byte() % (sizeof TYPES / sizeof TYPES[0])];
  const std::uint8_t typmod_selector = input.byte();
  const std::uint8_t flags = input.byte();
  std::string_view value = input.rest();
  // With a date format: the format is the text up to the first line break, the value the rest.
  std::string format;
  const bool with_format = (flags & 1) != 0;
  if (with_format) {
    const auto newline = value.find('\n');
    format = std::string(value.substr(0, newline));
    value = newline == std::string_view::npos ? std::string_view() : value.substr(newline + 1);
  }

  s3load::ColumnInfo column;
  column.name = "c";
  column.type_name = type.name;
  column.base_type = type.name;
  column.type_oid = type.oid;
  column.typmod = typmod_for(type.oid, typmod_selector);
  auto converter = s3load::convert::ColumnConverter::for_column(column, with_format ? &format : nullptr);
  check(converter.has_value(), "every listed type has a converter");

  std::string out = "prefix";
  const auto problem = converter->to_binary(value, out);
  if (problem) {
    check(out == "prefix", "a refused value leaves the output as it was");
    check(!problem->empty() && s3load::fuzz::is_utf8(*problem), "a reason is non-empty UTF-8");
  } else {
    const std::string_view appended = std::string_view(out).substr(6);
    if (type.fixed_size >= 0)
      check(appended.size() == static_cast<std::size_t>(type.fixed_size), "fixed-size value");
    if (type.oid == 1700) check_numeric(appended);
    if (type.oid == 25 || type.oid == 1043 || type.oid == 1042 || type.oid == 19) {
      check(s3load::fuzz::is_utf8(appended), "text values are UTF-8");
      check(appended.find('\0') == std::string_view::npos, "text values hold no NUL");
    }
    if (type.oid == 3802) check(!appended.empty() && appended[0] == 1, "jsonb starts with version 1");
    if (type.oid == 114 || type.oid == 3802)
      check(s3load::fuzz::is_utf8(appended.substr(type.oid == 3802)), "json is UTF-8");
  }

  if (converter->rewrites_text()) {
    std::string text;
    const auto text_problem = converter->to_iso_text(value, text);
    check(!text_problem == !problem, "text and binary COPY accept the same values");
    if (!text_problem) {
      for (const char c : text)
        check(static_cast<unsigned char>(c) < 0x80, "ISO dates are ASCII");
    }
  }
  s3load::convert::not_null_reason(value);
  return 0;
}
