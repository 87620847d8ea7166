// Database credentials from a secret, merged into the settings parsed from S3LOAD_DATABASE_URL
// (src/pg/conninfo.h parses and writes connection strings).
#pragma once

#include <optional>
#include <string>

#include "pg/conninfo.h"

namespace s3load::lambda {

using pg::ConnSettings;
using pg::parse_conninfo;
using pg::quote_conninfo_value;
using pg::to_conninfo;

// Database credentials as a secret holds them (Secrets Manager's RDS format). Every field is optional;
// the secret must hold at least a password to be useful (checked where it is parsed).
struct DatabaseSecret {
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<std::string> host;
  std::optional<std::string> port;
  std::optional<std::string> dbname;
};

// The merge rule: every field the secret has overrides the same setting from the URL (username → user);
// the URL supplies what the secret lacks (some secrets hold only username and password), and libpq's PG*
// variables what neither has. A host from the secret also drops the URL's hostaddr, which would
// otherwise win over it.
ConnSettings merge_secret(ConnSettings base, const DatabaseSecret& secret);

}  // namespace s3load::lambda
