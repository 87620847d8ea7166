// The s3load schema (the ledger) is created and migrated by s3load itself, idempotently and safely
// from many processes at once (an advisory lock serialises the migrations).
#pragma once

#include "pg/connection.h"

namespace s3load::pg {

// The newest schema version this build knows.
int current_schema_version();

// Brings schema "s3load" to the current version. Cheap when already current (one query).
void migrate(Connection& connection);

}  // namespace s3load::pg
