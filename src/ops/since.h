// --since: how far back the ledger is read. Pure.
//
// Accepted forms (also what the error message lists):
//   a duration back from now   45s, 30m, 6h, 2d, 1w  (a whole number and one unit)
//   a date                     2026-11-27            (from midnight UTC)
//   a timestamp                2026-11-27T10:00, 2026-11-27 10:00:00.5, 2026-11-27T10:00:00+01:00
//                              (without an offset or "Z" it is UTC, like every time s3load prints)
//   all                        no limit
// UTC rather than the machine's zone: the ledger and the logs print UTC, so what an operator copies
// from them means the same thing when typed back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace s3load::ops {

inline constexpr std::string_view SINCE_FORMS =
    "a duration back from now (45s, 30m, 6h, 2d, 1w), a date (2026-11-27, from midnight UTC), a "
    "timestamp (2026-11-27T10:00:00, UTC unless it ends in Z or an offset such as +01:00), or \"all\"";

// The start of the window in seconds since the epoch, nullopt for "all". `now` is seconds since the
// epoch. Errors are permanent, code "bad_since", and list the accepted forms.
Result<std::optional<double>> parse_since(std::string_view text, double now);

// "2026-11-20 10:00:00 UTC" for seconds since the epoch.
std::string format_utc(double epoch_seconds);

}  // namespace s3load::ops
