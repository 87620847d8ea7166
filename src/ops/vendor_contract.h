// `s3load schema`: a feed's contract as a vendor needs it, from the feed config and the target table
// (the same sources the loader uses, so it cannot drift from what is enforced). Pure.
#pragma once

#include <string>
#include <vector>

#include "feeds/feed_config.h"
#include "feeds/table_contract.h"

namespace s3load::ops {

struct ContractColumn {
  std::string header;  // the name the file must use (the [feed.columns] rename, else the column name)
  std::string column;
  std::string type;      // as PostgreSQL names it: "numeric(10,2)"
  std::string required;  // "yes" (NOT NULL without a default), "no", "no (has a default)"
  std::string accepted;  // src/ops/type_formats.h
};

struct VendorContract {
  std::string feed;
  std::string match;
  std::string table;
  bool header = true;
  std::vector<std::pair<std::string, std::string>> file_rules;  // ("delimiter", "\",\" (comma)"), …
  std::vector<ContractColumn> columns;  // the columns a file may carry, in table order
};

VendorContract build_vendor_contract(const FeedConfig& feed, const TableInfo& table);

std::string render_contract_text(const VendorContract& contract, std::size_t screen_width = 0);
std::string render_contract_markdown(const VendorContract& contract);

}  // namespace s3load::ops
