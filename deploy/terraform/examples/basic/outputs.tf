output "function_name" {
  description = "Name of the Lambda function."
  value       = module.s3load.function_name
}

output "function_arn" {
  description = "ARN of the Lambda function."
  value       = module.s3load.function_arn
}

output "log_group_name" {
  description = "Log group of the function."
  value       = module.s3load.log_group_name
}

output "on_failure_queue_url" {
  description = "Queue of asynchronous events that failed after retries (replay source)."
  value       = module.s3load.on_failure_queue_url
}

output "ingest_queue_url" {
  description = "delivery = \"sqs\" only: queue S3 writes to."
  value       = module.s3load.ingest_queue_url
}

output "ingest_dlq_url" {
  description = "delivery = \"sqs\" only: dead-letter queue of the ingest queue."
  value       = module.s3load.ingest_dlq_url
}

output "ingest_dlq_arn" {
  description = "delivery = \"sqs\" only: ARN of the dead-letter queue, the source of a redrive."
  value       = module.s3load.ingest_dlq_arn
}
