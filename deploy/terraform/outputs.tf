output "function_name" {
  description = "Name of the Lambda function."
  value       = aws_lambda_function.s3load.function_name
}

output "function_arn" {
  description = "ARN of the Lambda function."
  value       = aws_lambda_function.s3load.arn
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.function.arn
}

output "log_group_name" {
  description = "CloudWatch Logs group of the function (14-day retention)."
  value       = aws_cloudwatch_log_group.function.name
}

output "on_failure_queue_url" {
  description = "URL of the queue that receives asynchronous events that failed after retries."
  value       = aws_sqs_queue.on_failure.id
}

output "on_failure_queue_arn" {
  description = "ARN of the on-failure queue."
  value       = aws_sqs_queue.on_failure.arn
}

output "ingest_queue_url" {
  description = "delivery = \"sqs\": URL of the queue S3 writes to; null otherwise."
  value       = local.sqs_delivery ? aws_sqs_queue.ingest[0].id : null
}

output "ingest_dlq_url" {
  description = "delivery = \"sqs\": URL of the ingest queue's dead-letter queue; null otherwise."
  value       = local.sqs_delivery ? aws_sqs_queue.ingest_dlq[0].id : null
}

output "ingest_dlq_arn" {
  description = "delivery = \"sqs\": ARN of the dead-letter queue (for start-message-move-task); null otherwise."
  value       = local.sqs_delivery ? aws_sqs_queue.ingest_dlq[0].arn : null
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms the module created."
  value = concat(
    [
      aws_cloudwatch_metric_alarm.on_failure_queue_not_empty.alarm_name,
      aws_cloudwatch_metric_alarm.function_errors.alarm_name,
      aws_cloudwatch_metric_alarm.function_throttles.alarm_name,
    ],
    [for alarm in aws_cloudwatch_metric_alarm.files_rejected : alarm.alarm_name],
    [for alarm in aws_cloudwatch_metric_alarm.ingest_dlq_not_empty : alarm.alarm_name],
  )
}
