// What a vendor may write for each PostgreSQL type: one short sentence per type, for `s3load schema`.
// Pure. It summarises what the converters in src/convert/ accept (their headers state the exact rules)
// and must agree with docs/formats.md; keep the three in step.
#pragma once

#include <map>
#include <string>

#include "feeds/table_contract.h"

namespace s3load::ops {

// The accepted values of a column: its type's sentence, or, for a date/time column with a per-column
// format (feed option date_formats), that format.
std::string accepted_values(const ColumnInfo& column, const std::map<std::string, std::string>& date_formats);

}  // namespace s3load::ops
