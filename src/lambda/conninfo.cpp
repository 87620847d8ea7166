#include "lambda/conninfo.h"

namespace s3load::lambda {

ConnSettings merge_secret(ConnSettings base, const DatabaseSecret& secret) {
  if (secret.username) base["user"] = *secret.username;
  if (secret.password) base["password"] = *secret.password;
  if (secret.host) {
    base["host"] = *secret.host;
    base.erase("hostaddr");
  }
  if (secret.port) base["port"] = *secret.port;
  if (secret.dbname) base["dbname"] = *secret.dbname;
  return base;
}

}  // namespace s3load::lambda
