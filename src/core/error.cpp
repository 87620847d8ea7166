#include "core/error.h"

#include <utility>

namespace s3load {

std::string_view to_string(ErrorClass error_class) {
  return error_class == ErrorClass::transient ? "transient" : "permanent";
}

Error permanent_error(std::string code, std::string message) {
  return Error{ErrorClass::permanent, std::move(code), std::move(message)};
}

Error transient_error(std::string code, std::string message) {
  return Error{ErrorClass::transient, std::move(code), std::move(message)};
}

Failure::Failure(Error error) : std::runtime_error(error.message), m_error(std::move(error)) {}

}  // namespace s3load
