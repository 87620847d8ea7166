#include "convert/json.h"

#include "convert/numeric.h"
#include "convert/scan.h"
#include "convert/utf8.h"

namespace s3load::convert {

namespace {

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// PostgreSQL's lexer reads a number or a keyword up to the next non-"alphanumeric" byte, and rejects the
// token when that run is longer than the number or keyword.
bool is_token_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || byte >= 0x80;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Validator {
 public:
  Validator(std::string_view text, JsonKind kind, std::string& nesting)
      : m_text(text), m_kind(kind), m_nesting(nesting) {
    m_nesting.clear();
  }

  Problem run() {
    for (;;) {
      // A value is expected here.
      skip_spaces();
      if (at_end()) return fail("expected a value");
      const char c = m_text[m_at];
      if (c == '{' || c == '[') {
        m_nesting += c;
        ++m_at;
        skip_spaces();
        if (!at_end() && m_text[m_at] == (c == '{' ? '}' : ']')) {
          ++m_at;
          m_nesting.pop_back();
        } else if (c == '{') {
          if (auto problem = member_name()) return problem;
          continue;
        } else {
          continue;
        }
      } else if (c == '"') {
        if (auto problem = string()) return problem;
      } else if (c == '-' || is_digit(c)) {
        if (auto problem = number()) return problem;
      } else {
        if (auto problem = keyword()) return problem;
      }
      // After a value: close containers, or go on to the next element.
      for (;;) {
        skip_spaces();
        if (m_nesting.empty()) {
          if (!at_end()) return fail("unexpected text after the end of the value");
          return NO_PROBLEM;
        }
        if (at_end()) return fail("unexpected end (an array or object is not closed)");
        const char open = m_nesting.back();
        const char next = m_text[m_at];
        if (next == (open == '{' ? '}' : ']')) {
          ++m_at;
          m_nesting.pop_back();
          continue;
        }
        if (next != ',') return fail(open == '{' ? "expected \",\" or \"}\"" : "expected \",\" or \"]\"");
        ++m_at;
        if (open == '{') {
          skip_spaces();
          if (auto problem = member_name()) return problem;
        }
        break;
      }
    }
  }

 private:
  bool at_end() const { return m_at >= m_text.size(); }
  void skip_spaces() {
    while (!at_end() && is_json_space(m_text[m_at]))
      ++m_at;
  }

  Problem fail(const std::string& what) const { return fail_at(what, m_at); }
  Problem fail_at(const std::string& what, std::size_t at) const {
    return quote_value(m_text) + " is not valid " + (m_kind == JsonKind::jsonb ? "jsonb" : "json") + ": " +
           what + " at byte " + std::to_string(at + 1);
  }

  // "name" followed by ':'.
  Problem member_name() {
    if (at_end() || m_text[m_at] != '"') return fail("expected a member name in double quotes");
    if (auto problem = string()) return problem;
    skip_spaces();
    if (at_end() || m_text[m_at] != ':') return fail("expected \":\"");
    ++m_at;
    return NO_PROBLEM;
  }

  Problem string() {
    const std::size_t start = m_at++;
    bool pending_high_surrogate = false;
    std::size_t surrogate_at = 0;
    while (!at_end()) {
      const char c = m_text[m_at];
      if (c == '"') {
        if (pending_high_surrogate)
          return fail_at("a Unicode high surrogate is not followed by a low one", surrogate_at);
        ++m_at;
        return NO_PROBLEM;
      }
      if (static_cast<unsigned char>(c) < 0x20) return fail("a control character must be escaped");
      if (c != '\\') {
        if (pending_high_surrogate)
          return fail_at("a Unicode high surrogate is not followed by a low one", surrogate_at);
        ++m_at;
        continue;
      }
      const std::size_t escape_at = m_at;
      if (m_at + 1 >= m_text.size()) break;
      const char kind = m_text[m_at + 1];
      if (kind != 'u') {
        if (pending_high_surrogate)
          return fail_at("a Unicode high surrogate is not followed by a low one", surrogate_at);
        if (kind != '"' && kind != '\\' && kind != '/' && kind != 'b' && kind != 'f' && kind != 'n' &&
            kind != 'r' && kind != 't')
          return fail("invalid escape sequence");
        m_at += 2;
        continue;
      }
      int code = 0;
      for (std::size_t i = 0; i < 4; ++i) {
        const std::size_t digit_at = m_at + 2 + i;
        const int digit = digit_at < m_text.size() ? hex_value(m_text[digit_at]) : -1;
        if (digit < 0) return fail("\\u must be followed by four hexadecimal digits");
        code = code * 16 + digit;
      }
      m_at += 6;
      if (m_kind == JsonKind::json) continue;  // json keeps escapes as written and checks only their form
      if (code == 0) return fail_at("\\u0000 cannot be stored in jsonb (use json, or remove it)", escape_at);
      const bool high = code >= 0xD800 && code <= 0xDBFF;
      const bool low = code >= 0xDC00 && code <= 0xDFFF;
      if (pending_high_surrogate && !low)
        return fail_at("a Unicode high surrogate is not followed by a low one", surrogate_at);
      if (!pending_high_surrogate && low)
        return fail_at("a Unicode low surrogate does not follow a high one", escape_at);
      pending_high_surrogate = high;
      surrogate_at = escape_at;
    }
    return fail_at("a string is not closed", start);
  }

  Problem number() {
    const std::size_t start = m_at;
    if (m_text[m_at] == '-') ++m_at;
    const auto digits = [&] {
      const std::size_t from = m_at;
      while (!at_end() && is_digit(m_text[m_at]))
        ++m_at;
      return m_at - from;
    };
    const std::size_t integer_start = m_at;
    const std::size_t integer_digits = digits();
    bool valid = integer_digits > 0 && !(integer_digits > 1 && m_text[integer_start] == '0');
    if (valid && !at_end() && m_text[m_at] == '.') {
      ++m_at;
      valid = digits() > 0;
    }
    if (valid && !at_end() && (m_text[m_at] == 'e' || m_text[m_at] == 'E')) {
      ++m_at;
      if (!at_end() && (m_text[m_at] == '+' || m_text[m_at] == '-')) ++m_at;
      valid = digits() > 0;
    }
    if (valid && !at_end() && is_token_char(m_text[m_at])) valid = false;
    if (!valid) return fail_at("invalid number", start);
    if (m_kind == JsonKind::jsonb && !json_number_fits_numeric(m_text.substr(start, m_at - start)))
      return fail_at("the number is out of range for numeric", start);
    return NO_PROBLEM;
  }

  Problem keyword() {
    const std::size_t start = m_at;
    while (!at_end() && is_token_char(m_text[m_at]))
      ++m_at;
    const std::string_view token = m_text.substr(start, m_at - start);
    if (token == "true" || token == "false" || token == "null") return NO_PROBLEM;
    return fail_at(token.empty() ? "unexpected character"
                                 : "expected a value (true, false, null, a number, "
                                   "a string, an array or an object)",
                   start);
  }

  std::string_view m_text;
  JsonKind m_kind;
  std::string& m_nesting;
  std::size_t m_at = 0;
};

}  // namespace

Problem check_json(std::string_view text, JsonKind kind, std::string& nesting) {
  if (const auto bad = find_bad_text_byte(text)) return describe_bad_text(text, *bad);
  return Validator(text, kind, nesting).run();
}

Problem json_to_binary(std::string_view text, JsonKind kind, std::string& out, std::string& nesting) {
  if (auto problem = check_json(text, kind, nesting)) return problem;
  if (kind == JsonKind::jsonb) out += '\1';
  out.append(text);
  return NO_PROBLEM;
}

}  // namespace s3load::convert
