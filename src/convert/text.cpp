#include "convert/text.h"

#include "convert/utf8.h"

namespace s3load::convert {

namespace {

constexpr std::size_t NAME_MAX_BYTES = 63;  // NAMEDATALEN - 1

// How many bytes of `text` the type keeps, or a problem.
Problem stored_length(std::string_view text, const TextType& type, std::size_t& kept) {
  if (auto problem = check_text(text)) return problem;
  kept = text.size();
  if (type.kind == TextKind::name) {
    while (kept > NAME_MAX_BYTES ||
           (kept < text.size() && (static_cast<unsigned char>(text[kept]) & 0xC0) == 0x80))
      --kept;
    return NO_PROBLEM;
  }
  if (type.max_characters < 0 || text.size() <= static_cast<std::size_t>(type.max_characters))
    return NO_PROBLEM;
  const std::size_t limit = utf8_prefix_bytes(text, static_cast<std::size_t>(type.max_characters));
  if (limit == text.size()) return NO_PROBLEM;
  // PostgreSQL's special case: excess characters that are all spaces are silently cut off.
  if (text.find_first_not_of(' ', limit) != std::string_view::npos)
    return quote_value(text) + " is too long for " + text_type_name(type) + " (" +
           std::to_string(utf8_length(text)) + " characters)";
  kept = limit;
  return NO_PROBLEM;
}

}  // namespace

TextType text_type(TextKind kind, std::int32_t typmod) {
  TextType type{.kind = kind};
  if ((kind == TextKind::varchar || kind == TextKind::bpchar) && typmod >= 4)
    type.max_characters = typmod - 4;
  return type;
}

std::string text_type_name(const TextType& type) {
  switch (type.kind) {
    case TextKind::text:
      return "text";
    case TextKind::name:
      return "name";
    case TextKind::varchar:
      return type.max_characters < 0 ? "character varying"
                                     : "character varying(" + std::to_string(type.max_characters) + ")";
    case TextKind::bpchar:
      break;
  }
  return type.max_characters < 0 ? "bpchar" : "character(" + std::to_string(type.max_characters) + ")";
}

Problem check_text(std::string_view text) {
  if (const auto bad = find_bad_text_byte(text)) return describe_bad_text(text, *bad);
  return NO_PROBLEM;
}

Problem text_to_binary(std::string_view text, const TextType& type, std::string& out) {
  std::size_t kept = 0;
  if (auto problem = stored_length(text, type, kept)) return problem;
  out.append(text.substr(0, kept));
  if (type.kind == TextKind::bpchar && type.max_characters > 0) {
    const std::size_t characters = utf8_length(text.substr(0, kept));
    if (characters < static_cast<std::size_t>(type.max_characters))
      out.append(static_cast<std::size_t>(type.max_characters) - characters, ' ');
  }
  return NO_PROBLEM;
}

Problem check_text_value(std::string_view text, const TextType& type) {
  std::size_t kept = 0;
  return stored_length(text, type, kept);
}

}  // namespace s3load::convert
