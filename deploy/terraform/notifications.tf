# S3 keeps ONE notification configuration per bucket, and this resource replaces it whole: any
# notification configured on the bucket elsewhere is removed on apply. Other consumers of the
# bucket's events can use EventBridge (bucket_eventbridge) instead (see docs/deploy.md).
# Every ObjectCreated event is delivered (Put, Post, Copy, CompleteMultipartUpload): a vendor's
# upload method must not decide whether its file is loaded.
resource "aws_s3_bucket_notification" "feeds" {
  bucket      = var.bucket_name
  eventbridge = var.bucket_eventbridge

  dynamic "lambda_function" {
    for_each = { for name, feed in local.feeds_by_name : name => feed if !local.sqs_delivery }
    content {
      id                  = "s3load-${lambda_function.key}"
      lambda_function_arn = aws_lambda_function.s3load.arn
      events              = ["s3:ObjectCreated:*"]
      filter_prefix       = lambda_function.value.prefix
      filter_suffix       = lambda_function.value.suffix
    }
  }

  dynamic "queue" {
    for_each = { for name, feed in local.feeds_by_name : name => feed if local.sqs_delivery }
    content {
      id            = "s3load-${queue.key}"
      queue_arn     = aws_sqs_queue.ingest[0].arn
      events        = ["s3:ObjectCreated:*"]
      filter_prefix = queue.value.prefix
      filter_suffix = queue.value.suffix
    }
  }

  # S3 checks that it may deliver to each target when the configuration is written.
  depends_on = [aws_lambda_permission.s3, aws_sqs_queue_policy.ingest]
}
