// detect_delimiter (declared in decoding_source.h, where the rule is stated).
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "decode/decoding_source.h"

namespace s3load {

namespace {

constexpr std::size_t MAX_RECORDS = 50;
constexpr std::array<char, 4> CANDIDATES = {',', ';', '\t', '|'};  // in order of preference
constexpr std::string_view UTF8_BOM = "\xEF\xBB\xBF";

// Field counts of the first records of `sample` split with `delimiter`, as the CSV reader splits them
// (lenient where it would fail: text after a closing quote just continues the field).
std::vector<std::size_t> field_counts(std::string_view sample, char delimiter, char quote) {
  if (sample.substr(0, UTF8_BOM.size()) == UTF8_BOM) sample.remove_prefix(UTF8_BOM.size());
  enum class State { field_start, unquoted, quoted, quote_in_quoted };
  State state = State::field_start;
  std::vector<std::size_t> counts;
  std::size_t fields = 1;
  bool in_record = false;  // a blank line makes no record
  for (std::size_t at = 0; at < sample.size() && counts.size() < MAX_RECORDS; ++at) {
    const char byte = sample[at];
    if (state == State::quoted) {
      if (byte == quote) state = State::quote_in_quoted;
      continue;
    }
    if (state == State::quote_in_quoted) {
      if (byte == quote) {  // a doubled quote: data
        state = State::quoted;
        continue;
      }
      state = State::unquoted;  // the quote closed the field; this byte is looked at below
    }
    if (byte == delimiter) {
      ++fields;
      in_record = true;
      state = State::field_start;
    } else if (byte == '\n' || byte == '\r') {
      if (in_record) counts.push_back(fields);
      if (byte == '\r' && at + 1 < sample.size() && sample[at + 1] == '\n') ++at;
      fields = 1;
      in_record = false;
      state = State::field_start;
    } else {
      if (state == State::field_start && byte == quote)
        state = State::quoted;
      else
        state = State::unquoted;
      in_record = true;
    }
  }
  // A record cut by the end of the sample counts only when nothing else does (a one-line file).
  if (counts.size() < MAX_RECORDS && in_record && state != State::quoted && counts.empty())
    counts.push_back(fields);
  return counts;
}

struct Candidate {
  char delimiter = ',';
  std::size_t fields = 0;    // the count most records have
  std::size_t agreeing = 0;  // records with that count
  std::size_t records = 0;   // records looked at
};

std::optional<Candidate> evaluate(std::string_view sample, char delimiter, char quote) {
  const std::vector<std::size_t> counts = field_counts(sample, delimiter, quote);
  if (counts.empty()) return std::nullopt;
  std::map<std::size_t, std::size_t> frequency;
  for (const std::size_t count : counts)
    ++frequency[count];
  Candidate candidate{.delimiter = delimiter, .records = counts.size()};
  for (const auto& [count, records] : frequency) {  // ascending counts: >= keeps the larger on a tie
    if (records >= candidate.agreeing) {
      candidate.fields = count;
      candidate.agreeing = records;
    }
  }
  if (candidate.fields <= 1 || candidate.agreeing * 2 <= candidate.records) return std::nullopt;
  return candidate;
}

// True when `a` is the better delimiter: the larger share of agreeing records, then more fields.
bool better(const Candidate& a, const Candidate& b) {
  const std::size_t a_share = a.agreeing * b.records;
  const std::size_t b_share = b.agreeing * a.records;
  if (a_share != b_share) return a_share > b_share;
  return a.fields > b.fields;
}

}  // namespace

std::optional<char> detect_delimiter(std::string_view sample, char quote) {
  std::optional<Candidate> best;
  for (const char delimiter : CANDIDATES) {
    if (delimiter == quote) continue;
    const auto candidate = evaluate(sample, delimiter, quote);
    if (candidate && (!best || better(*candidate, *best))) best = candidate;
  }
  if (!best) return std::nullopt;
  return best->delimiter;
}

}  // namespace s3load
