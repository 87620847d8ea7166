// PostgreSQL errors are classified once, here, by SQLSTATE.
// https://www.postgresql.org/docs/15/errcodes-appendix.html
#pragma once

#include <string_view>

#include "core/error.h"

namespace s3load::pg {

// Transient: connection exceptions (08), serialization failure (40001), deadlock (40P01), lock not
// available (55P03), insufficient resources (53), operator intervention / shutdown (57: includes our
// own cancel on deadline), system errors (58), internal errors (XX), and the operator's faults: a
// missing privilege (42501) or a refused login (28). Everything else — bad data (22), constraint
// violations (23), missing tables or columns (42) — is permanent.
ErrorClass classify_sqlstate(std::string_view sqlstate);

// A stable code for the common SQLSTATEs ("unique_violation", "serialization_failure", …), else
// "pg_<sqlstate>".
std::string code_for_sqlstate(std::string_view sqlstate);

}  // namespace s3load::pg
