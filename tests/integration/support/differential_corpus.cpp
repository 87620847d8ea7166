#include "support/differential_corpus.h"

#include <array>
#include <cctype>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <limits>

namespace s3load::testing {

namespace {

template <class T>
T uniform(Random& random, T low, T high) {
  return std::uniform_int_distribution<T>(low, high)(random);
}

bool chance(Random& random, int percent) {
  return uniform(random, 0, 99) < percent;
}

template <std::size_t N>
std::string pick(Random& random, const std::array<const char*, N>& choices) {
  return choices[uniform<std::size_t>(random, 0, N - 1)];
}

std::string digits(Random& random, int count, bool leading_nonzero = false) {
  std::string text;
  for (int i = 0; i < count; ++i)
    text += static_cast<char>('0' + uniform(random, (i == 0 && leading_nonzero) ? 1 : 0, 9));
  return text;
}

std::string padded(std::int64_t value, int width) {
  std::string text = std::to_string(value);
  return std::string(text.size() < static_cast<std::size_t>(width) ? width - text.size() : 0, '0') + text;
}

// A nullable column: NULL one time in ten.
std::function<Cell(Random&)> nullable(std::function<std::string(Random&)> value) {
  return [value = std::move(value)](Random& random) {
    if (chance(random, 10)) return Cell{"", true};
    return Cell{value(random)};
  };
}

std::string integer_value(Random& random, std::int64_t low, std::int64_t high,
                          const std::array<const char*, 8>& edges) {
  if (chance(random, 40)) return pick(random, edges);
  return std::to_string(uniform(random, low, high));
}

std::string decimal(Random& random, int integer_digits, int fraction_digits) {
  std::string text = chance(random, 30) ? "-" : "";
  text += integer_digits > 0 ? digits(random, integer_digits) : "0";
  if (fraction_digits > 0) text += "." + digits(random, fraction_digits);
  return text;
}

std::string numeric_value(Random& random) {
  static constexpr std::array<const char*, 24> EDGES = {
      "0",
      "-0",
      "-0.000",
      "1.50",
      "1e5",
      "1.5E-3",
      "NaN",
      "nan",
      "Infinity",
      "-Infinity",
      "inf",
      " +inf ",
      ".5",
      "5.",
      "123456789012345678901234567890.123456789012345678901234567890",
      "-99999999999999999999",
      "0.000000000000001",
      "1e-20",
      "9.999e100",
      "0001.10",
      " 42 ",
      "+7",
      "-0.5e-2",
      "123e-5"};
  if (chance(random, 40)) return pick(random, EDGES);
  std::string text = decimal(random, uniform(random, 0, 25), uniform(random, 0, 20));
  if (chance(random, 15)) text += (chance(random, 50) ? "e" : "E") + std::to_string(uniform(random, -30, 30));
  return text;
}

std::string numeric_5_2_value(Random& random) {
  static constexpr std::array<const char*, 16> EDGES = {
      "999.99", "-999.99", "999.994", "-999.994", "0.005", "-0.005", "0.0049999", "-0.0049999",
      "1.995",  "12.345",  "-12.345", "NaN",      "0",     "-0.001", "1e2",       "2.5e-3"};
  if (chance(random, 40)) return pick(random, EDGES);
  return decimal(random, uniform(random, 0, 2), uniform(random, 0, 6));  // never rounds past 999.99
}

std::string numeric_negative_scale_value(Random& random) {  // numeric(4,-2): multiples of 100 below 10^6
  static constexpr std::array<const char*, 8> EDGES = {"999949.99", "-999949", "50",   "-50",
                                                       "149.999",   "0",       "49.9", "150"};
  if (chance(random, 40)) return pick(random, EDGES);
  return decimal(random, uniform(random, 0, 5), uniform(random, 0, 3));
}

std::string float8_value(Random& random) {
  static constexpr std::array<const char*, 20> EDGES = {"NaN",
                                                        "Infinity",
                                                        "-Infinity",
                                                        "inf",
                                                        "-inf",
                                                        "-0",
                                                        "0",
                                                        "1.7976931348623157e308",
                                                        "-1.7976931348623157e308",
                                                        "4.9e-324",
                                                        "2.2250738585072014e-308",
                                                        "1e-320",
                                                        "0x1p3",
                                                        "0.1",
                                                        " 1.5 ",
                                                        "+.5e+1",
                                                        "5.",
                                                        "123456789012345678",
                                                        "3.141592653589793238462643383279",
                                                        "-2.5e-10"};
  if (chance(random, 40)) return pick(random, EDGES);
  if (chance(random, 50)) {
    char buffer[40];
    const double value =
        std::ldexp(std::uniform_real_distribution<double>(-1, 1)(random), uniform(random, -1000, 1000));
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
  }
  return decimal(random, uniform(random, 0, 12), uniform(random, 0, 25));
}

std::string float4_value(Random& random) {
  static constexpr std::array<const char*, 16> EDGES = {
      "NaN",           "Infinity", "-Infinity",        "-0",    "3.4028235e38",
      "-3.4028235e38", "1e-45",    "1.17549435e-38",   "0.1",   "1.00000005960464477539062500001",
      "16777217",      "0x1p-149", "3.14159265358979", " 2.5 ", "1e38",
      "-7.5e-40"};
  if (chance(random, 40)) return pick(random, EDGES);
  char buffer[40];
  const double value =
      std::ldexp(std::uniform_real_distribution<double>(-1, 1)(random), uniform(random, -120, 120));
  std::snprintf(buffer, sizeof buffer, chance(random, 50) ? "%.9g" : "%.20g", value);
  return buffer;
}

std::string boolean_value(Random& random) {
  static constexpr std::array<const char*, 24> SPELLINGS = {
      "t",  "f",  "true", "false", "TRUE",   "False", "yes",  "no", "Y",   "n", "on", "off",
      "ON", "of", "1",    "0",     " true ", "tr",    "fals", "ye", "OFF", "T", "F",  "\ttrue"};
  return pick(random, SPELLINGS);
}

// Text with the characters CSV and COPY treat specially, and non-ASCII.
std::string text_value(Random& random, int max_characters) {
  static constexpr std::array<const char*, 24> PIECES = {
      "a", "Z", "0", " ", ",",   "\"",   "\n", "\r\n", "\\",      "\t",           "é", "日本",
      "😀", "ß", "'", ";", "\\N", "NULL", "-",  "x y",  "Ünïcödé", "\xe2\x80\x8b", "{", "}"};
  std::string text;
  const int count = uniform(random, 0, max_characters);
  for (int i = 0; i < count; ++i)
    text += pick(random, PIECES);
  return text;
}

std::size_t characters(const std::string& text) {
  std::size_t count = 0;
  for (const char c : text)
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// Text of at most `limit` characters, then sometimes trailing spaces beyond it (PostgreSQL cuts those).
std::string bounded_text(Random& random, std::size_t limit) {
  std::string text;
  for (int attempt = 0; attempt < 10; ++attempt) {
    text = text_value(random, static_cast<int>(limit));
    if (characters(text) <= limit) break;
    text.clear();
  }
  if (chance(random, 20)) text += std::string(uniform<std::size_t>(random, 1, 5), ' ');
  return text;
}

struct Civil {
  std::int64_t year;
  int month;
  int day;
};

int days_in_month(std::int64_t year, int month) {
  static constexpr int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29 : DAYS[month - 1];
}

Civil random_civil(Random& random, std::int64_t low_year, std::int64_t high_year) {
  Civil civil{uniform(random, low_year, high_year), uniform(random, 1, 12), 1};
  civil.day = uniform(random, 1, days_in_month(civil.year, civil.month));
  return civil;
}

std::string iso_date(const Civil& civil, bool pad = true) {
  return padded(civil.year, 4) + "-" + (pad ? padded(civil.month, 2) : std::to_string(civil.month)) + "-" +
         (pad ? padded(civil.day, 2) : std::to_string(civil.day));
}

std::string date_value(Random& random) {
  static constexpr std::array<const char*, 20> EDGES = {"2024-02-29",
                                                        "2000-02-29",
                                                        "1900-02-28",
                                                        "9999-12-31",
                                                        "0001-01-01",
                                                        "0044-03-15 BC",
                                                        "4713-01-01 BC",
                                                        "infinity",
                                                        "-infinity",
                                                        "epoch",
                                                        "2024-2-5",
                                                        " 2024-02-05 ",
                                                        "2024-01-01 10:00",
                                                        "2024-01-01T10:00:00Z",
                                                        "10000-01-01",
                                                        "1970-01-01",
                                                        "1999-12-31",
                                                        "2000-01-01",
                                                        "2024-12-31 23:59:60",
                                                        "2023-01-01 24:00"};
  if (chance(random, 30)) return pick(random, EDGES);
  return iso_date(random_civil(random, 1000, 3000), chance(random, 80));
}

std::string fraction(Random& random) {
  static constexpr std::array<const char*, 10> EDGES = {
      ".5",       ".0000005", ".0000015", ".1234565",      ".1234575",
      ".9999995", ".999999",  ".0000001", ".123456789012", "."};
  if (chance(random, 40)) return pick(random, EDGES);
  return "." + digits(random, uniform(random, 1, 9));
}

std::string offset(Random& random) {
  static constexpr std::array<const char*, 16> EDGES = {
      "Z",  "+14:00", "-14:00", "+00", "-00:00",    "+05:30",    "-0930", " +02",
      "+1", "-12:45", "+0545",  "z",   "+15:59:59", "-02:00:30", " Z",    "+123"};
  if (chance(random, 50)) return pick(random, EDGES);
  const int minutes = uniform(random, -14 * 60, 14 * 60);
  const int magnitude = minutes < 0 ? -minutes : minutes;
  return std::string(minutes < 0 ? "-" : "+") + padded(magnitude / 60, 2) + ":" + padded(magnitude % 60, 2);
}

std::string timestamp_value(Random& random, bool with_zone) {
  static constexpr std::array<const char*, 14> EDGES = {"infinity",
                                                        "-infinity",
                                                        "epoch",
                                                        "2024-02-29 23:59:59.9999995",
                                                        "2024-01-01 24:00:00",
                                                        "2024-12-31 23:59:60",
                                                        "1999-12-31 23:59:59.5",
                                                        "0044-03-15 12:00:00 BC",
                                                        "2024-01-01",
                                                        "294276-12-31 23:59:59.999999",
                                                        "4713-01-01 00:00:00 BC",
                                                        "2024-01-01T10:00:00.5Z",
                                                        "2024-01-01 10:00.5",
                                                        "9999-12-31 23:59:59.999999"};
  if (chance(random, 20)) return pick(random, EDGES);
  const Civil civil = random_civil(random, 1000, 3000);
  std::string text = iso_date(civil, chance(random, 90));
  text += chance(random, 50) ? "T" : " ";
  text +=
      padded(uniform(random, 0, 23), chance(random, 90) ? 2 : 1) + ":" + padded(uniform(random, 0, 59), 2);
  if (chance(random, 80)) text += ":" + padded(uniform(random, 0, 59), 2);
  if (chance(random, 60) && text.size() > 16) text += fraction(random);
  if (chance(random, with_zone ? 60 : 30)) text += offset(random);
  // 29 February of a leap year AD is not always one BC: 1 BC is the (leap) year 0.
  if (chance(random, 3) && !(civil.month == 2 && civil.day == 29)) text += " BC";
  return text;
}

std::string uuid_value(Random& random) {
  std::string hex;
  for (int i = 0; i < 32; ++i)
    hex += "0123456789abcdef"[uniform(random, 0, 15)];
  switch (uniform(random, 0, 4)) {
    case 0:
      return hex;
    case 1: {
      std::string upper = hex;
      for (char& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return upper.substr(0, 8) + "-" + upper.substr(8, 4) + "-" + upper.substr(12, 4) + "-" +
             upper.substr(16, 4) + "-" + upper.substr(20);
    }
    case 2:
      return "{" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
             hex.substr(16, 4) + "-" + hex.substr(20) + "}";
    case 3: {
      std::string grouped;
      for (int i = 0; i < 8; ++i)
        grouped += (i ? "-" : "") + hex.substr(static_cast<std::size_t>(i) * 4, 4);
      return grouped;
    }
    default:
      return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
             "-" + hex.substr(20);
  }
}

// JSON with escapes, non-ASCII, nesting and numbers; `json_only` adds what jsonb refuses (\u0000, lone
// surrogates, numbers beyond numeric).
std::string json_value(Random& random, bool json_only, int depth = 0) {
  const auto space = [&] {
    return chance(random, 20)
               ? std::string(pick(random, std::array<const char*, 4>{" ", "\n", "\t", " \r\n "}))
               : "";
  };
  const auto string = [&] {
    static constexpr std::array<const char*, 14> PIECES = {
        "a",   "é",   "😀", "\\\"", "\\\\", "\\n",    "\\u00e9", "\\ud83d\\ude00",
        "\\/", "\\t", ",", "日本", " ",    "\\u0041"};
    static constexpr std::array<const char*, 3> JSON_ONLY = {"\\u0000", "\\ud800", "\\udc00x"};
    std::string text = "\"";
    const int count = uniform(random, 0, 6);
    for (int i = 0; i < count; ++i)
      text += json_only && chance(random, 10) ? pick(random, JSON_ONLY) : pick(random, PIECES);
    return text + "\"";
  };
  const int kind = depth >= 3 ? uniform(random, 0, 3) : uniform(random, 0, 5);
  switch (kind) {
    case 0:
      return string();
    case 1: {
      static constexpr std::array<const char*, 12> NUMBERS = {
          "0",      "-0",   "1.5", "1e5", "1E+2", "-12.5e-3", "0.0e-0", "123456789012345678901234567890",
          "1e-300", "3.14", "-1",  "100"};
      if (json_only && chance(random, 10)) return "1e1000000";
      return pick(random, NUMBERS);
    }
    case 2:
      return pick(random, std::array<const char*, 3>{"true", "false", "null"});
    case 3:
      return std::to_string(uniform(random, -1000000, 1000000));
    case 4: {
      std::string text = "[" + space();
      const int count = uniform(random, 0, 4);
      for (int i = 0; i < count; ++i)
        text += (i ? "," : "") + space() + json_value(random, json_only, depth + 1) + space();
      return text + "]";
    }
    default: {
      std::string text = "{" + space();
      const int count = uniform(random, 0, 4);
      for (int i = 0; i < count; ++i)
        text += (i ? "," : "") + space() + string() + space() + ":" + space() +
                json_value(random, json_only, depth + 1);
      return text + space() + "}";
    }
  }
}

std::string interval_value(Random& random) {
  static constexpr std::array<const char*, 8> EDGES = {
      "1 day", "P1D", "3 hours 4 minutes", "-1 year", "00:00:01.5", "1 mon 2 days 03:04:05", "PT36H", "0"};
  return pick(random, EDGES);
}

std::string inet_value(Random& random) {
  if (chance(random, 30))
    return pick(random, std::array<const char*, 4>{"::1", "::1/128", "fe80::1/64", "10.0.0.0/8"});
  return std::to_string(uniform(random, 0, 255)) + "." + std::to_string(uniform(random, 0, 255)) + "." +
         std::to_string(uniform(random, 0, 255)) + "." + std::to_string(uniform(random, 0, 255));
}

bool needs_quotes(const std::string& value) {
  return value.empty() || value.find_first_of(",\"\r\n") != std::string::npos || value == "\\.";
}

std::string csv_field(const Cell& cell, Random& random) {
  if (cell.null) return "";
  if (!needs_quotes(cell.value) && !chance(random, 10)) return cell.value;
  std::string quoted = "\"";
  for (const char c : cell.value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::vector<CorpusColumn> binary_corpus_columns() {
  return {
      {"c_int2", "smallint", nullable([](Random& r) {
         return integer_value(r, -32768, 32767, {"-32768", "32767", "0", "-0", "+5", " 42 ", "007", "-1"});
       })},
      {"c_int4", "integer NOT NULL",
       [](Random& r) {
         return Cell{integer_value(r, std::numeric_limits<std::int32_t>::min(),
                                   std::numeric_limits<std::int32_t>::max(),
                                   {"-2147483648", "2147483647", "0", "-0", "+12", "\t7", "00012", "1"})};
       }},
      {"c_int8", "bigint", nullable([](Random& r) {
         return integer_value(r, std::numeric_limits<std::int64_t>::min(),
                              std::numeric_limits<std::int64_t>::max(),
                              {"-9223372036854775808", "9223372036854775807", "0", "-1", "4294967296", "+0",
                               "-2147483649", "0000000000000000000001"});
       })},
      {"c_numeric", "numeric", nullable(numeric_value)},
      {"c_numeric_5_2", "numeric(5,2)", nullable(numeric_5_2_value)},
      {"c_numeric_4_neg2", "numeric(4,-2)", nullable(numeric_negative_scale_value)},
      {"c_real", "real", nullable(float4_value)},
      {"c_double", "double precision", nullable(float8_value)},
      {"c_bool", "boolean", nullable(boolean_value)},
      {"c_text", "text",
       [](Random& r) {  // NULL, and the empty string (quoted)
         if (chance(r, 10)) return Cell{"", true};
         return Cell{chance(r, 10) ? "" : text_value(r, 12)};
       }},
      {"c_varchar", "varchar(8)", nullable([](Random& r) { return bounded_text(r, 8); })},
      {"c_char", "char(4)", nullable([](Random& r) { return bounded_text(r, 4); })},
      {"c_name", "name",
       nullable([](Random& r) { return chance(r, 20) ? text_value(r, 70) : text_value(r, 10); })},
      {"c_date", "date", nullable(date_value)},
      {"c_timestamp", "timestamp", nullable([](Random& r) { return timestamp_value(r, false); })},
      {"c_timestamp_3", "timestamp(3)", nullable([](Random& r) { return timestamp_value(r, false); })},
      {"c_timestamptz", "timestamptz", nullable([](Random& r) { return timestamp_value(r, true); })},
      {"c_timestamptz_0", "timestamptz(0)", nullable([](Random& r) { return timestamp_value(r, true); })},
      {"c_uuid", "uuid", nullable(uuid_value)},
      {"c_json", "json", nullable([](Random& r) { return json_value(r, true); })},
      {"c_jsonb", "jsonb", nullable([](Random& r) { return json_value(r, false); })},
  };
}

std::vector<CorpusColumn> text_corpus_columns() {
  return {
      {"c_interval", "interval", nullable(interval_value)},
      {"c_inet", "inet", nullable(inet_value)},
      {"c_numeric", "numeric(7,3)",
       nullable([](Random& r) { return decimal(r, uniform(r, 0, 4), uniform(r, 0, 5)); })},
      {"c_timestamptz", "timestamptz", nullable([](Random& r) { return timestamp_value(r, true); })},
      {"c_date", "date", nullable(date_value)},
      {"c_text", "text",
       [](Random& r) {
         if (chance(r, 10)) return Cell{"", true};
         return Cell{text_value(r, 12)};
       }},
      {"c_jsonb", "jsonb", nullable([](Random& r) { return json_value(r, false); })},
  };
}

std::string column_definitions(const std::vector<CorpusColumn>& columns) {
  std::string text = "id integer NOT NULL";
  for (const auto& column : columns)
    text += ", " + column.name + " " + column.sql_type;
  return text;
}

std::string generate_csv(const std::vector<CorpusColumn>& columns, std::size_t rows, Random& random) {
  std::string csv = "id";
  for (const auto& column : columns)
    csv += "," + column.name;
  csv += "\n";
  // PostgreSQL's CSV COPY wants one kind of line break per file.
  const char* line_break = chance(random, 25) ? "\r\n" : "\n";
  csv.pop_back();
  csv += line_break;
  for (std::size_t row = 1; row <= rows; ++row) {
    csv += std::to_string(row);
    for (const auto& column : columns)
      csv += "," + csv_field(column.generate(random), random);
    csv += line_break;
  }
  return csv;
}

}  // namespace s3load::testing
