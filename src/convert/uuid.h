// uuid as PostgreSQL reads it: 32 hexadecimal digits (either case), optionally in braces, with an
// optional hyphen after any group of four digits (so the standard 8-4-4-4-12 form, no hyphens at all,
// and 4-4-4-… all work). No whitespace.
#pragma once

#include <string>
#include <string_view>

#include "convert/problem.h"

namespace s3load::convert {

// Appends the binary COPY value: the 16 bytes.
Problem uuid_to_binary(std::string_view text, std::string& out);

}  // namespace s3load::convert
