#include "events/sequencer.h"

#include <cctype>

namespace s3load {

namespace {

std::string_view strip_leading_zeros(std::string_view text) {
  while (!text.empty() && text.front() == '0')
    text.remove_prefix(1);
  return text;
}

}  // namespace

int compare_sequencers(std::string_view a, std::string_view b) {
  a = strip_leading_zeros(a);
  b = strip_leading_zeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const int x = std::toupper(static_cast<unsigned char>(a[i]));
    const int y = std::toupper(static_cast<unsigned char>(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace s3load

namespace s3load {

std::string normalize_ceph_sequencer(std::string_view sequencer) {
  if (sequencer.size() != 16) return std::string(sequencer);
  std::string ordered;
  ordered.reserve(16);
  // Reverse the byte order of each 4-byte half: bytes are pairs of hex digits.
  for (const std::size_t half : {std::size_t{0}, std::size_t{8}}) {
    for (std::size_t byte = 4; byte-- > 0;)
      ordered.append(sequencer.substr(half + byte * 2, 2));
  }
  return ordered;
}

}  // namespace s3load
