variable "region" {
  description = "AWS region of the bucket, the database and the function."
  type        = string
}

variable "name" {
  description = "Name of the function and prefix of everything the module creates."
  type        = string
  default     = "s3load"
}

variable "package_path" {
  description = "Path of build/s3load-lambda.zip, relative to this directory."
  type        = string
  default     = "../../../../build/s3load-lambda.zip"
}

variable "architecture" {
  description = "arm64 or x86_64: the architecture the zip was built for."
  type        = string
  default     = "arm64"
}

variable "timeout_seconds" {
  description = "Function timeout in seconds (at most 900)."
  type        = number
  default     = 300
}

variable "reserved_concurrency" {
  description = "Maximum concurrent executions, one PostgreSQL connection each: at most the connections the database can spare for s3load."
  type        = number
}

variable "subnet_ids" {
  description = "Private subnets that reach the database; empty when the database is reachable without a VPC."
  type        = list(string)
  default     = []
}

variable "security_group_ids" {
  description = "Security groups of the function (required with subnet_ids)."
  type        = list(string)
  default     = []
}

variable "db_secret_arn" {
  description = "Full ARN of the Secrets Manager secret with the database credentials JSON (username, password, host, port, dbname)."
  type        = string
}

variable "secrets_extension_layer_arn" {
  description = "ARN of the AWS Parameters and Secrets Lambda Extension layer for this region and architecture."
  type        = string
}

variable "bucket_name" {
  description = "Existing bucket the vendors write to."
  type        = string
}

variable "feeds" {
  description = "Feeds of s3load.toml: name, key prefix and optional suffix of each."
  type = list(object({
    name   = string
    prefix = string
    suffix = optional(string, "")
  }))
}

variable "delivery" {
  description = "\"direct\" (S3 invokes the function) or \"sqs\" (S3 -> queue -> function, for high volume)."
  type        = string
  default     = "direct"
}

variable "alarm_topic_arn" {
  description = "SNS topic for the alarms."
  type        = string
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
