// How long the database may keep a load waiting. A statement is bounded by S3LOAD_STATEMENT_TIMEOUT
// (CLI and serve; in Lambda also by the invocation's remaining time), the ledger claim's lock wait by
// CLAIM_LOCK_TIMEOUT; connect_timeout, TCP keepalives and tcp_user_timeout (src/pg/connection.cpp)
// bound a server or network that stops answering.
#pragma once

#include <chrono>
#include <string_view>

#include "core/result.h"
#include "s3/s3_settings.h"

namespace s3load::pg {

using std::chrono::milliseconds;

// Long enough for a multi-gigabyte COPY, short enough that a stuck statement frees its connection.
inline constexpr milliseconds DEFAULT_STATEMENT_TIMEOUT{std::chrono::hours(1)};
// A concurrent load of the same key holds the claim's lock for its whole load: past this the delivery
// fails transiently (55P03) and is retried later, when it will most likely be a duplicate.
inline constexpr milliseconds CLAIM_LOCK_TIMEOUT{std::chrono::seconds(30)};

// "300" (seconds), or a number with a PostgreSQL unit: "1500ms", "300s", "5min", "1h", "1d". "0" turns
// the bound off. Error code bad_setting.
Result<milliseconds> parse_statement_timeout(std::string_view text);

// S3LOAD_STATEMENT_TIMEOUT, else DEFAULT_STATEMENT_TIMEOUT.
Result<milliseconds> statement_timeout_from_environment(
    const EnvironmentLookup& lookup = process_environment);

}  // namespace s3load::pg
