// Turns one CSV record into one COPY row, or says precisely why it cannot.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "csv/csv_reader.h"
#include "feeds/column_mapping.h"
#include "feeds/feed_config.h"
#include "feeds/table_contract.h"

namespace s3load {

struct RowProblem {
  std::string column;  // table column (empty when the record as a whole is wrong)
  std::string reason;  // e.g. "\"12a\" is not an integer"
};

class RowEncoder {
 public:
  virtual ~RowEncoder() = default;
  // COPY options for the statement, e.g. "(FORMAT binary)".
  virtual std::string copy_options() const = 0;
  // Bytes to send before the first row and after the last (binary COPY's header and trailer).
  virtual std::string header() const { return {}; }
  virtual std::string trailer() const { return {}; }
  // Appends the encoded row to `out` and returns nullopt, or leaves `out` as it was and returns the problem.
  virtual std::optional<RowProblem> encode(const csv::Record& record, std::string& out) = 0;
};

// The encoder for a file: binary COPY with client-side validation when every column's type has a
// converter, else text COPY (the server then parses the values).
std::unique_ptr<RowEncoder> make_row_encoder(const FeedConfig& feed, const TableInfo& table,
                                             const ColumnMapping& mapping);

// Text-format COPY: values are passed as text for the server to parse.
std::unique_ptr<RowEncoder> make_text_encoder(const FeedConfig& feed, const TableInfo& table,
                                              const ColumnMapping& mapping);

}  // namespace s3load
