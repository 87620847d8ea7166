// The ByteSource behind S3Client::open (internal to src/s3).
#pragma once

#include <memory>

#include "s3/curl_request.h"
#include "s3/s3_credentials.h"
#include "s3/s3_settings.h"
#include "source/object_source.h"

namespace s3load {

// Signs each attempt with credentials.current(); re-reads them before each retry, and after an operator
// fault (access denied, expired credentials, clock skew) sends the request once more only when they
// changed: otherwise such a fault ends the read at once (it is transient for the event, not the request).
std::unique_ptr<ByteSource> open_object_stream(const S3Settings& settings, CurlHandlePool& handles,
                                               CredentialSource& credentials, const ObjectRef& object,
                                               const CancelFlag* cancel);

}  // namespace s3load
