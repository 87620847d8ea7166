# Created before the function: otherwise Lambda creates the group on first use, without a retention
# period, and logs are kept forever.
resource "aws_cloudwatch_log_group" "function" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = 14
  tags              = var.tags
}

resource "aws_lambda_function" "s3load" {
  function_name = var.name
  description   = "Loads vendor CSV files from s3://${var.bucket_name} into PostgreSQL, exactly once per object version."
  role          = aws_iam_role.function.arn

  package_type     = "Zip"
  filename         = var.package_path
  source_code_hash = filebase64sha256(var.package_path)
  runtime          = "provided.al2023"
  # Custom runtimes ignore the handler: Lambda runs the executable `bootstrap` at the root of the zip.
  handler       = "bootstrap"
  architectures = [var.architecture]
  memory_size   = var.memory_size
  timeout       = var.timeout_seconds

  # Each concurrent execution holds one PostgreSQL connection: this is the database's protection.
  reserved_concurrent_executions = var.reserved_concurrency

  # The extension serves the database secret on localhost:2773 and caches it across invocations.
  layers = concat([var.secrets_extension_layer_arn], var.layer_arns)

  environment {
    variables = local.environment
  }

  dynamic "vpc_config" {
    for_each = local.in_vpc ? [1] : []
    content {
      subnet_ids         = var.subnet_ids
      security_group_ids = var.security_group_ids
    }
  }

  tags = var.tags

  # The policy is attached first so that the first invocations do not fail on missing permissions.
  depends_on = [aws_cloudwatch_log_group.function, aws_iam_role_policy.function]

  lifecycle {
    precondition {
      condition     = can(regex("-Arm64:[0-9]+$", var.secrets_extension_layer_arn)) == (var.architecture == "arm64")
      error_message = "secrets_extension_layer_arn must be the layer for the function's architecture: the arm64 layer's name ends in -Arm64, the x86_64 layer's does not."
    }
    precondition {
      condition     = split(":", var.secrets_extension_layer_arn)[3] == data.aws_region.current.name
      error_message = "secrets_extension_layer_arn must be the layer published in the function's region."
    }
    precondition {
      condition     = !local.in_vpc || length(var.security_group_ids) > 0
      error_message = "security_group_ids is required when subnet_ids is set."
    }
  }
}

# Asynchronous invocations (S3 direct delivery, manual async invokes).
resource "aws_lambda_function_event_invoke_config" "s3load" {
  function_name = aws_lambda_function.s3load.function_name

  # Retries stay on: a file and its ledger row commit in one transaction, so a retry of an event
  # whose object version is already loaded is a no-op, and a transient fault gets two more chances.
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = var.maximum_event_age_seconds

  destination_config {
    on_failure {
      destination = aws_sqs_queue.on_failure.arn
    }
  }

  # Lambda sends to the destination with the function's role.
  depends_on = [aws_iam_role_policy.function]
}

resource "aws_lambda_permission" "s3" {
  count = local.sqs_delivery ? 0 : 1

  statement_id  = "AllowInvokeFromFeedBucket"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.s3load.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = local.bucket_arn
  # Bucket names are global: a bucket of the same name in another account must not be able to invoke.
  source_account = local.bucket_owner
}
