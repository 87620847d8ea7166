// Errors carry their class from where they are born, so the handler never has to guess whether a
// failure is worth retrying.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace s3load {

// permanent: retrying cannot help (bad event, bad CSV, missing object, no feed). Recorded, acknowledged.
// transient: retrying may help (throttling, 5xx, network, lost connection, serialization failure).
enum class ErrorClass { permanent, transient };

std::string_view to_string(ErrorClass error_class);

struct Error {
  ErrorClass error_class = ErrorClass::permanent;
  std::string code;     // stable snake_case identifier, e.g. "no_feed", "access_denied"
  std::string message;  // says what happened and, where possible, how to fix it

  bool is_transient() const { return error_class == ErrorClass::transient; }
};

Error permanent_error(std::string code, std::string message);
Error transient_error(std::string code, std::string message);

// Thrown by I/O stages (S3, PostgreSQL, Runtime API) for failures that end the current operation.
// Caught once, at the pipeline boundary, where it becomes an outcome.
class Failure : public std::runtime_error {
 public:
  explicit Failure(Error error);
  const Error& error() const noexcept { return m_error; }

 private:
  Error m_error;
};

}  // namespace s3load
