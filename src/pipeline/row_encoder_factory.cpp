#include "pipeline/row_encoder.h"

namespace s3load {

std::unique_ptr<RowEncoder> make_row_encoder(const FeedConfig& feed, const TableInfo& table,
                                             const ColumnMapping& mapping) {
  return make_text_encoder(feed, table, mapping);
}

}  // namespace s3load
