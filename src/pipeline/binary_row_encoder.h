// Binary COPY with client-side validation (DESIGN §4 "Validation before COPY"): every value is checked
// and converted by its column's converter (src/convert/), so a bad value is a row problem naming the
// column, and the server stores exactly what its own CSV COPY would have stored.
#pragma once

#include <memory>

#include "pipeline/row_encoder.h"

namespace s3load {

// The binary encoder, or nullptr when a COPY column's type has no converter (then use text COPY).
std::unique_ptr<RowEncoder> make_binary_encoder(const FeedConfig& feed, const TableInfo& table,
                                                const ColumnMapping& mapping);

}  // namespace s3load
