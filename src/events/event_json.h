// Checked access to event JSON (internal to src/events): every lookup either yields a value of the
// expected type or a Problem that names the exact JSON path, e.g. "Records[0].s3.object.key: missing".
// Nothing here throws on any input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace s3load::event_detail {

using Json = nlohmann::json;

// Largest event parsed at all: Lambda's synchronous invocation payload limit (6 MiB). Anything larger
// cannot come from Lambda, so it is refused before parsing (protects against hostile input).
inline constexpr std::size_t MAX_EVENT_BYTES = std::size_t{6} * 1024 * 1024;

// Deepest nesting of arrays/objects accepted. Real events nest about 5 levels; the limit is checked by
// a scan before parsing so that no recursive code ever meets a deeply nested document.
inline constexpr std::size_t MAX_NESTING = 64;

// A problem found in the event: where, and the full message (which starts with the path unless the
// path is the whole document, "$").
struct Problem {
  std::string path;
  std::string message;
};

template <class T>
using Checked = std::variant<T, Problem>;

// The Problem of a Checked, or nullptr when it holds a value.
template <class T>
Problem* problem_of(Checked<T>& checked) {
  return std::get_if<Problem>(&checked);
}

// The value of a Checked known to hold one (problem_of returned nullptr).
template <class T>
T& value_of(Checked<T>& checked) {
  return std::get<T>(checked);
}

// A JSON value and the path that reached it. path is "" for the whole event (shown as "$").
struct Located {
  const Json* value;  // never null
  std::string path;
};

// "Records" + "[2]" style helpers: the path of a member or an element of `parent`.
std::string member_path(std::string_view parent, std::string_view name);
std::string element_path(std::string_view parent, std::size_t index);

// The path as shown to people: "$" for the whole document.
std::string display_path(std::string_view path);

// Builds a Problem at `path`; the message is "<path>: <what>", or just <what> for the whole document.
Problem problem_at(std::string_view path, std::string what);

// "expected a string, got number"
std::string wrong_type(std::string_view expected, const Json& actual);

// A value quoted as a JSON string (control characters escaped), cut to a sane length, for messages.
std::string json_quoted(std::string_view text);

// Lookups on an object. "Required" ones report a missing member; "optional" ones treat an absent member
// or JSON null as absent. A member of the wrong type is always a Problem.
Checked<Located> required_object(const Located& parent, std::string_view name);
Checked<Located> required_array(const Located& parent, std::string_view name);
// A non-empty string.
Checked<std::string> required_string(const Located& parent, std::string_view name);
// An empty string is absent too (Ceph sends "versionId":"" on unversioned buckets).
Checked<std::optional<std::string>> optional_string(const Located& parent, std::string_view name);
// A non-negative integer, given as a JSON number or a decimal string (Ceph sends "size":"1024"); "" is
// absent.
Checked<std::optional<std::int64_t>> optional_size(const Located& parent, std::string_view name);
// An ETag without its surrounding double quotes; "" is absent.
Checked<std::optional<std::string>> optional_etag(const Located& parent, std::string_view name);
// A sequencer: hexadecimal digits only (it is compared as a hexadecimal integer); "" is absent.
Checked<std::optional<std::string>> optional_sequencer(const Located& parent, std::string_view name);

// Checks an object key once decoded: PostgreSQL text (the ledger) cannot hold a NUL character.
std::optional<Problem> check_object_key(std::string_view path, std::string_view raw_key,
                                        std::string_view key);

// The member, or nullptr when parent is not an object or has no such member.
const Json* find_member(const Json& parent, std::string_view name);

// Parses one JSON document (the whole event, an SQS body, an SNS Message) after checking its nesting
// depth. A Problem at `path` says why it could not be parsed ("malformed JSON at byte 17: …", the byte
// counted from 1 as the JSON library reports it; an input cut short reports its size + 1).
Checked<Json> parse_json_document(std::string_view text, std::string_view path);

}  // namespace s3load::event_detail
