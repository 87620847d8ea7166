locals {
  # 14 days, the SQS maximum: time to notice a failure, fix its cause and replay.
  failure_retention_seconds = 1209600
}

# Asynchronous events that still failed after Lambda's retries, or that grew older than
# maximum_event_age_seconds. Each message is Lambda's invocation record; the original event is
# under requestPayload.
resource "aws_sqs_queue" "on_failure" {
  name                      = "${var.name}-on-failure"
  message_retention_seconds = local.failure_retention_seconds
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

# ---------------------------------------------------------------------------------------------------
# delivery = "sqs": S3 -> ingest queue -> event source mapping -> function
# ---------------------------------------------------------------------------------------------------

resource "aws_sqs_queue" "ingest_dlq" {
  count = local.sqs_delivery ? 1 : 0

  name                      = "${var.name}-ingest-dlq"
  message_retention_seconds = local.failure_retention_seconds
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_sqs_queue" "ingest" {
  count = local.sqs_delivery ? 1 : 0

  name = "${var.name}-ingest"
  # Lambda's guidance for SQS sources: at least six times the function timeout (plus the batching
  # window), so that a message is not handed out again while its batch is still being retried.
  visibility_timeout_seconds = 6 * var.timeout_seconds + var.sqs_maximum_batching_window_seconds
  message_retention_seconds  = local.failure_retention_seconds
  sqs_managed_sse_enabled    = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.ingest_dlq[0].arn
    maxReceiveCount     = var.sqs_max_receive_count
  })

  tags = var.tags
}

# Only the ingest queue may use the dead-letter queue.
resource "aws_sqs_queue_redrive_allow_policy" "ingest_dlq" {
  count = local.sqs_delivery ? 1 : 0

  queue_url = aws_sqs_queue.ingest_dlq[0].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.ingest[0].arn]
  })
}

data "aws_iam_policy_document" "ingest_queue" {
  count = local.sqs_delivery ? 1 : 0

  statement {
    sid       = "FeedBucketNotifications"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.ingest[0].arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.bucket_arn]
    }

    # Bucket names are global: pin the owning account as well.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.bucket_owner]
    }
  }
}

resource "aws_sqs_queue_policy" "ingest" {
  count = local.sqs_delivery ? 1 : 0

  queue_url = aws_sqs_queue.ingest[0].id
  policy    = data.aws_iam_policy_document.ingest_queue[0].json
}

resource "aws_lambda_event_source_mapping" "ingest" {
  count = local.sqs_delivery ? 1 : 0

  event_source_arn                   = aws_sqs_queue.ingest[0].arn
  function_name                      = aws_lambda_function.s3load.arn
  batch_size                         = var.sqs_batch_size
  maximum_batching_window_in_seconds = var.sqs_maximum_batching_window_seconds

  # s3load answers {"batchItemFailures": [...]} with the records that failed transiently, so only
  # those return to the queue; loaded, duplicate and rejected files are deleted from it.
  function_response_types = ["ReportBatchItemFailures"]

  dynamic "scaling_config" {
    # Pollers beyond the reserved concurrency would be throttled, and throttled messages count
    # towards maxReceiveCount: keep them within it (the setting's minimum is 2).
    for_each = var.reserved_concurrency >= 2 ? [1] : []
    content {
      maximum_concurrency = min(var.reserved_concurrency, 1000)
    }
  }

  # Lambda checks that the role can read the queue when the mapping is created.
  depends_on = [aws_iam_role_policy.function]

  lifecycle {
    precondition {
      condition     = var.sqs_batch_size <= 10 || var.sqs_maximum_batching_window_seconds >= 1
      error_message = "sqs_batch_size above 10 needs sqs_maximum_batching_window_seconds of at least 1."
    }
  }
}
