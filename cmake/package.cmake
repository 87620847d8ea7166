# `cmake --build build --target package` builds build/s3load-lambda.zip (filled in by the Lambda work).
