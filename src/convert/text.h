// text, varchar(n), char(n) (bpchar) and name: valid UTF-8 without NUL bytes, lengths in characters.
// As in PostgreSQL, a value longer than varchar(n)/char(n) is accepted when the excess characters are
// all spaces (they are cut off); char(n) values are padded with spaces to n characters; name values are
// cut to 63 bytes at a character boundary.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "convert/problem.h"

namespace s3load::convert {

enum class TextKind { text, varchar, bpchar, name };

struct TextType {
  TextKind kind = TextKind::text;
  std::int64_t max_characters = -1;  // varchar(n)/char(n): n; else -1
};

// The type of a column from its kind and typmod (typmod - 4 characters for varchar and bpchar).
TextType text_type(TextKind kind, std::int32_t typmod);
// "character varying(10)", "character(3)", "text", "name".
std::string text_type_name(const TextType& type);

// Why the value cannot be stored as text (NUL byte or invalid UTF-8), or NO_PROBLEM.
Problem check_text(std::string_view text);

// Appends the binary COPY value: the bytes, cut or padded as the type demands.
Problem text_to_binary(std::string_view text, const TextType& type, std::string& out);

// Checks the value as text_to_binary does, appends nothing (for text COPY, where the server cuts and pads).
Problem check_text_value(std::string_view text, const TextType& type);

}  // namespace s3load::convert
