# `cmake --build build --target package` builds build/s3load-lambda.zip, the AWS Lambda deployment package
# for the provided.al2023 runtime: bootstrap, the stripped binary, every shared library it needs and the
# dynamic loader (packaging/package-lambda says why and how). CI builds this exact artifact: the
# integration tests depend on it, because one of them runs the zip in an otherwise empty root.
find_package(Python3 COMPONENTS Interpreter REQUIRED)

set(S3LOAD_PACKAGE_CONFIG "" CACHE FILEPATH "Feeds config copied into the Lambda zip as s3load.toml (empty: none)")

set(S3LOAD_LAMBDA_ZIP ${PROJECT_BINARY_DIR}/s3load-lambda.zip)
set(_s3load_package_args --binary $<TARGET_FILE:s3load> --output ${S3LOAD_LAMBDA_ZIP})
set(_s3load_package_depends s3load ${PROJECT_SOURCE_DIR}/packaging/package-lambda)
if(CMAKE_STRIP)
  list(APPEND _s3load_package_args --strip ${CMAKE_STRIP})
endif()
if(S3LOAD_PACKAGE_CONFIG)
  list(APPEND _s3load_package_args --config ${S3LOAD_PACKAGE_CONFIG})
  list(APPEND _s3load_package_depends ${S3LOAD_PACKAGE_CONFIG})
endif()
if(S3LOAD_SANITIZE)
  # The sanitizer runtimes make the package larger than the release limit; such a zip is for tests only.
  list(APPEND _s3load_package_args --max-bytes 0)
endif()

add_custom_command(
  OUTPUT ${S3LOAD_LAMBDA_ZIP}
  COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/packaging/package-lambda ${_s3load_package_args}
  DEPENDS ${_s3load_package_depends}
  COMMENT "Packaging the Lambda zip"
  VERBATIM)
add_custom_target(package DEPENDS ${S3LOAD_LAMBDA_ZIP})

# The integration tests run the zip; they are defined after this file is included, hence the deferral.
function(s3load_package_before_tests)
  if(TARGET integration_tests)
    add_dependencies(integration_tests package)
  endif()
endfunction()
cmake_language(DEFER CALL s3load_package_before_tests)
