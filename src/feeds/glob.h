// Key globs for feed matching: '*' matches within one path segment, '**' (a whole segment) crosses
// segments, '?' matches one character of a segment. Everything else matches itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace s3load {

// Why a glob is unusable, or nullopt when it is valid.
std::optional<std::string> validate_glob(std::string_view glob);

// Whether the decoded key matches. The glob must be valid.
bool glob_matches(std::string_view glob, std::string_view key);

}  // namespace s3load
