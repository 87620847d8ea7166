#include "pipeline/binary_row_encoder.h"
#include "pipeline/row_encoder.h"

namespace s3load {

std::unique_ptr<RowEncoder> make_row_encoder(const FeedConfig& feed, const TableInfo& table,
                                             const ColumnMapping& mapping) {
  // Binary COPY needs a converter for every column; one type without (interval, inet, an enum, an
  // array, …) sends the whole file as text COPY, still checked client-side wherever a converter exists.
  if (auto binary = make_binary_encoder(feed, table, mapping)) return binary;
  return make_text_encoder(feed, table, mapping);
}

}  // namespace s3load
