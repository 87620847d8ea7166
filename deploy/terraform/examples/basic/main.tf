# A root module that deploys s3load for one bucket. Options not exposed here keep the module's
# defaults; see docs/deploy.md for the full list.
module "s3load" {
  source = "../.."

  name                 = var.name
  package_path         = var.package_path
  architecture         = var.architecture
  timeout_seconds      = var.timeout_seconds
  reserved_concurrency = var.reserved_concurrency

  subnet_ids         = var.subnet_ids
  security_group_ids = var.security_group_ids

  db_secret_arn               = var.db_secret_arn
  secrets_extension_layer_arn = var.secrets_extension_layer_arn

  bucket_name = var.bucket_name
  feeds       = var.feeds
  delivery    = var.delivery

  alarm_topic_arn = var.alarm_topic_arn
  tags            = var.tags
}
