#include "events/event_json.h"

#include <limits>
#include <utility>

#include "events/key_decoding.h"

namespace s3load::event_detail {
namespace {

// Longest quoted value in a message. S3 keys are at most 1024 bytes, so a whole key always fits; a
// hostile multi-megabyte string does not end up in logs.
constexpr std::size_t MAX_QUOTED_BYTES = 1024;

// Longest parser diagnostic kept: its "last read" part can echo a huge token.
constexpr std::size_t MAX_PARSER_DETAIL_BYTES = 200;

// Records the first syntax error of a document; builds nothing. Used only after the DOM parse failed,
// to say where and why (the non-throwing DOM parse reports failure without details).
class SyntaxErrorProbe final : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return true; }
  bool boolean(bool /*value*/) override { return true; }
  bool number_integer(number_integer_t /*value*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*value*/) override { return true; }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) override { return true; }
  bool string(string_t& /*value*/) override { return true; }
  bool binary(binary_t& /*value*/) override { return true; }
  bool start_object(std::size_t /*elements*/) override { return true; }
  bool key(string_t& /*value*/) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t /*elements*/) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::json::exception& error) override {
    m_position = position;
    m_what = error.what();
    return false;
  }

  std::size_t position() const { return m_position; }
  // The parser's explanation without its "[json.exception…] parse error at line 1, column 5: " prefix.
  std::string detail() const {
    std::string_view what = m_what;
    const std::size_t parse_error = what.find("parse error");
    if (parse_error != std::string_view::npos) {
      const std::size_t colon = what.find(": ", parse_error);
      if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
    }
    return truncate_utf8(sanitize_utf8(what), MAX_PARSER_DETAIL_BYTES);
  }

 private:
  std::size_t m_position = 0;
  std::string m_what = "unknown syntax error";
};

// Byte offset at which array/object nesting first exceeds MAX_NESTING, ignoring brackets inside strings.
std::optional<std::size_t> find_excess_nesting(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > MAX_NESTING) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The member as a string, or a Problem for a wrong type; absent/null/"" → nullopt.
Checked<std::optional<std::string>> optional_raw_string(const Located& parent, std::string_view name) {
  const Json* member = find_member(*parent.value, name);
  if (member == nullptr || member->is_null()) return std::optional<std::string>{};
  if (!member->is_string())
    return problem_at(member_path(parent.path, name), wrong_type("a string", *member));
  const auto& text = member->get_ref<const Json::string_t&>();
  if (text.empty()) return std::optional<std::string>{};
  return std::optional<std::string>{text};
}

}  // namespace

std::string member_path(std::string_view parent, std::string_view name) {
  if (parent.empty()) return std::string(name);
  std::string path;
  path.reserve(parent.size() + 1 + name.size());
  path.append(parent).append(".").append(name);
  return path;
}

std::string element_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

std::string display_path(std::string_view path) {
  return path.empty() ? "$" : std::string(path);
}

Problem problem_at(std::string_view path, std::string what) {
  if (path.empty() || path == "$") return Problem{"$", std::move(what)};
  return Problem{std::string(path), std::string(path) + ": " + what};
}

std::string wrong_type(std::string_view expected, const Json& actual) {
  return "expected " + std::string(expected) + ", got " + actual.type_name();
}

std::string json_quoted(std::string_view text) {
  // dump() escapes quotes and control characters; "replace" makes it total even on invalid UTF-8.
  return Json(truncate_utf8(text, MAX_QUOTED_BYTES)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<Problem> check_object_key(std::string_view path, std::string_view raw_key,
                                        std::string_view key) {
  if (key.find('\0') != std::string_view::npos) {
    return problem_at(
        path, json_quoted(raw_key) +
                  " names a key with a NUL character, which the ledger (PostgreSQL text) cannot store");
  }
  return std::nullopt;
}

const Json* find_member(const Json& parent, std::string_view name) {
  if (!parent.is_object()) return nullptr;
  const auto found = parent.find(name);
  return found == parent.end() ? nullptr : &*found;
}

Checked<Located> required_object(const Located& parent, std::string_view name) {
  std::string path = member_path(parent.path, name);
  const Json* member = find_member(*parent.value, name);
  if (member == nullptr) return problem_at(path, "missing");
  if (!member->is_object()) return problem_at(path, wrong_type("an object", *member));
  return Located{member, std::move(path)};
}

Checked<Located> required_array(const Located& parent, std::string_view name) {
  std::string path = member_path(parent.path, name);
  const Json* member = find_member(*parent.value, name);
  if (member == nullptr) return problem_at(path, "missing");
  if (!member->is_array()) return problem_at(path, wrong_type("an array", *member));
  return Located{member, std::move(path)};
}

Checked<std::string> required_string(const Located& parent, std::string_view name) {
  const std::string path = member_path(parent.path, name);
  const Json* member = find_member(*parent.value, name);
  if (member == nullptr) return problem_at(path, "missing");
  if (!member->is_string()) return problem_at(path, wrong_type("a string", *member));
  const auto& text = member->get_ref<const Json::string_t&>();
  if (text.empty()) return problem_at(path, "empty");
  return text;
}

Checked<std::optional<std::string>> optional_string(const Located& parent, std::string_view name) {
  return optional_raw_string(parent, name);
}

Checked<std::optional<std::int64_t>> optional_size(const Located& parent, std::string_view name) {
  constexpr auto MAX = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  const std::string path = member_path(parent.path, name);
  const Json* member = find_member(*parent.value, name);
  if (member == nullptr || member->is_null()) return std::optional<std::int64_t>{};
  const auto bad_value = [&] {
    return problem_at(path, "expected a non-negative integer (a number or a decimal string), got " +
                                (member->is_string() ? json_quoted(member->get_ref<const Json::string_t&>())
                                                     : member->dump()));
  };
  if (member->is_number_unsigned()) {
    const auto value = member->get<std::uint64_t>();
    if (value > MAX) return bad_value();
    return std::optional<std::int64_t>{static_cast<std::int64_t>(value)};
  }
  if (member->is_number()) return bad_value();  // negative or fractional
  if (!member->is_string()) return problem_at(path, wrong_type("a number", *member));
  const auto& text = member->get_ref<const Json::string_t&>();
  if (text.empty()) return std::optional<std::int64_t>{};
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return bad_value();
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (MAX - digit) / 10) return bad_value();
    value = value * 10 + digit;
  }
  return std::optional<std::int64_t>{static_cast<std::int64_t>(value)};
}

Checked<std::optional<std::string>> optional_etag(const Located& parent, std::string_view name) {
  auto etag = optional_raw_string(parent, name);
  if (auto* value = std::get_if<std::optional<std::string>>(&etag); value != nullptr && value->has_value()) {
    std::string& text = **value;
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
    if (text.empty()) value->reset();
  }
  return etag;
}

Checked<std::optional<std::string>> optional_sequencer(const Located& parent, std::string_view name) {
  auto sequencer = optional_raw_string(parent, name);
  if (auto* value = std::get_if<std::optional<std::string>>(&sequencer);
      value != nullptr && value->has_value()) {
    for (const char c : **value) {
      if (!is_hex_digit(c)) {
        return problem_at(member_path(parent.path, name),
                          "expected hexadecimal digits, got " + json_quoted(**value) +
                              " (the sequencer orders events of one key as a hexadecimal number)");
      }
    }
  }
  return sequencer;
}

Checked<Json> parse_json_document(std::string_view text, std::string_view path) {
  if (text.empty()) return problem_at(path, "empty input: expected a JSON event");
  if (const auto excess = find_excess_nesting(text)) {
    return problem_at(path, "JSON nested deeper than " + std::to_string(MAX_NESTING) + " levels (at byte " +
                                std::to_string(*excess) + "); no event is nested that deeply");
  }
  Json document = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!document.is_discarded()) return document;
  SyntaxErrorProbe probe;
  Json::sax_parse(text.begin(), text.end(), &probe);
  return problem_at(path,
                    "malformed JSON at byte " + std::to_string(probe.position()) + ": " + probe.detail());
}

}  // namespace s3load::event_detail
