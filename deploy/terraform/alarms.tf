# Every alarm notifies alarm_topic_arn when it fires and when it returns to OK. What each one means
# and what to do is in docs/deploy.md, "Reading the alarms".

resource "aws_cloudwatch_metric_alarm" "on_failure_queue_not_empty" {
  alarm_name        = "${var.name}-on-failure-queue-not-empty"
  alarm_description = "Events that failed after all retries are waiting in ${aws_sqs_queue.on_failure.name}: fix the cause, then replay them."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = aws_sqs_queue.on_failure.name
  }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  # SQS stops publishing metrics for a queue that stays empty and idle: no data means empty.
  treat_missing_data = "notBreaching"

  alarm_actions = [var.alarm_topic_arn]
  ok_actions    = [var.alarm_topic_arn]
  tags          = var.tags
}

resource "aws_cloudwatch_metric_alarm" "function_errors" {
  alarm_name        = "${var.name}-errors"
  alarm_description = "The function raised: a transient failure (database, S3, network) that Lambda retries, or a crash. Read the log group."

  namespace   = "AWS/Lambda"
  metric_name = "Errors"
  dimensions = {
    FunctionName = aws_lambda_function.s3load.function_name
  }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  # Lambda publishes nothing for a minute without invocations.
  treat_missing_data = "notBreaching"

  alarm_actions = [var.alarm_topic_arn]
  ok_actions    = [var.alarm_topic_arn]
  tags          = var.tags
}

resource "aws_cloudwatch_metric_alarm" "function_throttles" {
  alarm_name        = "${var.name}-throttles"
  alarm_description = "Invocations were throttled by the reserved concurrency: files arrive faster than the database connection budget allows. Lambda retries them; a long backlog ends in the on-failure queue."

  namespace   = "AWS/Lambda"
  metric_name = "Throttles"
  dimensions = {
    FunctionName = aws_lambda_function.s3load.function_name
  }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions = [var.alarm_topic_arn]
  ok_actions    = [var.alarm_topic_arn]
  tags          = var.tags
}

# One per feed: s3load emits FilesRejected with the single dimension Feed (EMF).
resource "aws_cloudwatch_metric_alarm" "files_rejected" {
  for_each = local.feeds_by_name

  alarm_name        = "${var.name}-files-rejected-${each.key}"
  alarm_description = "A file of feed ${each.key} was rejected (bad CSV, schema mismatch): nothing of it was loaded. `s3load status --status rejected` and s3load.rejected_rows say why."

  namespace   = var.metrics_namespace
  metric_name = "FilesRejected"
  dimensions = {
    Feed = each.key
  }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  # The metric exists only for periods in which a file of the feed was processed.
  treat_missing_data = "notBreaching"

  alarm_actions = [var.alarm_topic_arn]
  ok_actions    = [var.alarm_topic_arn]
  tags          = var.tags
}

# Operator faults (access denied, expired credentials, clock skew, database login) are transient: a file
# is retried, never rejected. With direct delivery the Errors alarm and the on-failure queue see them;
# with SQS delivery the handler reports the file in batchItemFailures and does not raise, so this alarm
# is the one that fires before the dead-letter queue fills.
resource "aws_cloudwatch_metric_alarm" "files_failed" {
  for_each = local.feeds_by_name

  alarm_name        = "${var.name}-files-failed-${each.key}"
  alarm_description = "A file of feed ${each.key} failed transiently (S3 or database unreachable, access denied, expired credentials, clock skew) and is being retried. The FilesFailed metric by ErrorCode and `s3load status --status failed` say which fault."

  namespace   = var.metrics_namespace
  metric_name = "FilesFailed"
  dimensions = {
    Feed = each.key
  }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  # The metric exists only for periods in which a file of the feed was processed.
  treat_missing_data = "notBreaching"

  alarm_actions = [var.alarm_topic_arn]
  ok_actions    = [var.alarm_topic_arn]
  tags          = var.tags
}

resource "aws_cloudwatch_metric_alarm" "ingest_dlq_not_empty" {
  count = local.sqs_delivery ? 1 : 0

  alarm_name        = "${var.name}-ingest-dlq-not-empty"
  alarm_description = "Messages failed ${var.sqs_max_receive_count} times and are waiting in ${aws_sqs_queue.ingest_dlq[0].name}: fix the cause, then redrive them."

  namespace   = "AWS/SQS"
  metric_name = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = aws_sqs_queue.ingest_dlq[0].name
  }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions = [var.alarm_topic_arn]
  ok_actions    = [var.alarm_topic_arn]
  tags          = var.tags
}
