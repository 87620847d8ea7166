data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  sqs_delivery = var.delivery == "sqs"
  in_vpc       = length(var.subnet_ids) > 0

  bucket_arn   = "arn:${data.aws_partition.current.partition}:s3:::${var.bucket_name}"
  bucket_owner = var.bucket_owner_account_id != null ? var.bucket_owner_account_id : data.aws_caller_identity.current.account_id

  feeds_by_name = {
    for f in var.feeds : f.name => {
      prefix = f.prefix
      suffix = f.suffix == "" ? null : f.suffix
    }
  }

  # The only objects the function may read: everything under each feed's prefix, in the one bucket.
  feed_object_arns = [for f in var.feeds : "${local.bucket_arn}/${f.prefix}*"]

  # Unset variables are left out so that s3load applies its own defaults.
  environment = {
    for k, v in {
      S3LOAD_DB_SECRET_ARN = var.db_secret_arn
      S3LOAD_LOG_LEVEL     = var.log_level
      S3LOAD_CONFIG        = var.config_path
      S3LOAD_DATABASE_URL  = var.database_url
    } : k => v if v != null
  }
}
