// The byte stages between the object and the CSV reader: decompression (gzip, zstd, bzip2, xz, detected
// by their magic bytes, with a decompression-ratio limit) and transcoding to UTF-8 (windows-1252, latin-1).
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "feeds/feed_config.h"
#include "source/object_source.h"

namespace s3load {

// Wraps `raw` so that reads yield the object's UTF-8 text. Throws Failure (permanent) from read()
// for a corrupt gzip stream, a decompression ratio above the feed's limit, or bytes the feed's
// encoding cannot represent; failures of `raw` itself (transient network faults…) pass through as
// they are.
//
// - compression: an object whose first bytes are the magic of gzip, zstd, bzip2 or xz (codecs.h) is
//   decompressed, whatever its key or Content-Encoding says (concatenated members/frames/streams
//   included). Codes "bad_gzip", "bad_zstd", "bad_bzip2", "bad_xz" (corrupt or truncated, naming the
//   compressed byte offset) and "decompression_bomb" (more than feed.max_decompression_ratio decompressed
//   bytes per compressed byte consumed, checked continuously once the first MiB is out). See
//   decompressing_source.h.
// - encoding: windows-1252 and latin-1 are transcoded to UTF-8 (code "bad_encoding" for the five bytes
//   windows-1252 leaves undefined, naming the physical line and the byte offset). utf-8 passes through
//   untouched: a BOM is left for the CSV reader, values are validated later, field by field.
// Nothing is read before the first read() (which looks at the first six bytes), so decode_object never
// throws for the stream's sake. Memory is bounded (a few hundred KiB at most) whatever the object.
// info() is the raw object's; bytes_received() counts the raw (compressed) bytes from the origin.
// After the end read() keeps returning 0; after a Failure it throws that Failure again.
std::unique_ptr<ByteSource> decode_object(std::unique_ptr<ByteSource> raw, const FeedConfig& feed);

// For delimiter = "auto": the delimiter among , ; \t | that splits the first records of `sample`
// most consistently, or nullopt when none does.
//
// The rule: each candidate splits the sample into records the way the CSV reader would with that
// delimiter and `quote` (a field that starts with the quote is quoted; inside it delimiters, doubled
// quotes and line breaks are data; LF, CRLF and lone CR end records; blank lines and a leading UTF-8 BOM
// are skipped). Up to the first 50 records count; a last record without a line break is left out
// when the sample holds complete records before it (the sample may have been cut there), and so is
// one cut inside quotes. A candidate's field count is the count most of those records have (the larger
// one on a tie); it qualifies when that count is above 1 and more than half of the records have it.
// The qualifying candidate with the most records at its count wins; then the one with more fields
// (the true delimiter also splits every record, the other only where it appears in data); then , ; \t |
// in that order. nullopt when none qualifies (e.g. a one-column file: the loader then uses ',').
std::optional<char> detect_delimiter(std::string_view sample, char quote);

}  // namespace s3load
