// S3 sequencers order the events of one key. AWS sources disagree on padding, so they are compared as
// hexadecimal integers: leading zeros ignored, then longer is larger, then digit by digit.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
#pragma once

#include <string>
#include <string_view>

namespace s3load {

// <0, 0, >0 like strcmp. Non-hex characters compare by byte (such sequencers are not produced by S3).
int compare_sequencers(std::string_view a, std::string_view b);

}  // namespace s3load

namespace s3load {

// Ceph RGW (16.x) writes its sequencer as a hex dump of the event time: 4 bytes of seconds, then 4 bytes
// of nanoseconds, each little-endian ("75EE086BC04AEC26"). Compared as a number that does not follow
// time, so it is rewritten big-endian ("6B08EE7526EC4AC0"). Other lengths are returned unchanged.
std::string normalize_ceph_sequencer(std::string_view sequencer);

}  // namespace s3load
