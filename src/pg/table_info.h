// Reads a table's contract from the PostgreSQL catalog.
#pragma once

#include <string>

#include "feeds/table_contract.h"
#include "pg/connection.h"

namespace s3load::pg {

// Throws Failure: permanent "table_not_found" naming the table when it does not exist.
TableInfo read_table_info(Connection& connection, const std::string& schema, const std::string& table);

}  // namespace s3load::pg
