#include "events/object_ref.h"

namespace s3load {

std::string describe(const ObjectRef& object) {
  std::string text = "s3://" + object.bucket + "/" + object.key;
  if (object.version_id) text += " (version " + *object.version_id + ")";
  return text;
}

}  // namespace s3load
