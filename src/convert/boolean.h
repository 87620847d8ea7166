// boolean as PostgreSQL reads it: whitespace around the value, then (case-insensitive) any prefix of
// "true", "yes", "false", "no"; "on", "off" and their prefixes of at least two letters; "1" or "0".
#pragma once

#include <string>
#include <string_view>

#include "convert/problem.h"

namespace s3load::convert {

Problem parse_boolean(std::string_view text, bool& value);

// Appends the binary COPY value: one byte, 1 or 0.
Problem boolean_to_binary(std::string_view text, std::string& out);

}  // namespace s3load::convert
