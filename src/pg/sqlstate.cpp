#include "pg/sqlstate.h"

#include <string>

namespace s3load::pg {

ErrorClass classify_sqlstate(std::string_view sqlstate) {
  if (sqlstate.size() != 5) return ErrorClass::transient;  // no SQLSTATE: the connection itself failed
  const std::string_view error_class = sqlstate.substr(0, 2);
  if (error_class == "08" || error_class == "53" || error_class == "57" || error_class == "58" ||
      error_class == "XX")
    return ErrorClass::transient;
  // A missing privilege or a refused login is the operator's to fix: retried until then, never rejected.
  if (sqlstate == "42501" || sqlstate.substr(0, 2) == "28") return ErrorClass::transient;
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" || sqlstate == "25P03")
    return ErrorClass::transient;
  return ErrorClass::permanent;
}

std::string code_for_sqlstate(std::string_view sqlstate) {
  static constexpr std::pair<std::string_view, std::string_view> NAMES[] = {
      {"23505", "unique_violation"}, {"23503", "foreign_key_violation"}, {"23502", "not_null_violation"},
      {"23514", "check_violation"},  {"23P01", "exclusion_violation"},   {"40001", "serialization_failure"},
      {"40P01", "deadlock"},         {"55P03", "lock_not_available"},    {"57014", "query_canceled"},
      {"57P01", "admin_shutdown"},   {"53300", "too_many_connections"},  {"42P01", "table_not_found"},
      {"42703", "column_not_found"}, {"42501", "access_denied"},         {"28P01", "access_denied"},
      {"28000", "access_denied"},    {"22P02", "invalid_value"},         {"22003", "value_out_of_range"},
      {"22001", "value_too_long"},   {"22007", "invalid_datetime"},      {"22008", "datetime_out_of_range"},
      {"22P04", "bad_copy_data"},    {"22021", "invalid_encoding"},
  };
  for (const auto& [state, name] : NAMES) {
    if (state == sqlstate) return std::string(name);
  }
  if (sqlstate.size() == 5 && sqlstate.substr(0, 2) == "08") return "connection_failure";
  return "pg_" + std::string(sqlstate.empty() ? "connection" : sqlstate);
}

}  // namespace s3load::pg
