// The ByteSource behind S3Client::open (internal to src/s3).
#pragma once

#include <memory>

#include "s3/curl_request.h"
#include "s3/s3_settings.h"
#include "source/object_source.h"

namespace s3load {

std::unique_ptr<ByteSource> open_object_stream(const S3Settings& settings, CurlHandlePool& handles,
                                               const ObjectRef& object, const CancelFlag* cancel);

}  // namespace s3load
