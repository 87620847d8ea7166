// json and jsonb, validated as PostgreSQL's JSON parser does (RFC 8259 grammar; whitespace is space, tab,
// CR, LF; control characters in strings must be escaped). jsonb adds PostgreSQL's own rules: no \u0000,
// \u surrogates must pair up, and every number must fit numeric. The text itself is sent unchanged: json
// keeps it as written, jsonb's binary format is a version byte (1) followed by the text.
#pragma once

#include <string>
#include <string_view>

#include "convert/problem.h"

namespace s3load::convert {

enum class JsonKind { json, jsonb };

// `nesting` is scratch space for the open arrays and objects, reused between calls.
Problem check_json(std::string_view text, JsonKind kind, std::string& nesting);

// Appends the binary COPY value.
Problem json_to_binary(std::string_view text, JsonKind kind, std::string& out, std::string& nesting);

}  // namespace s3load::convert
