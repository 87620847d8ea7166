# ---------------------------------------------------------------------------------------------------
# Function
# ---------------------------------------------------------------------------------------------------

variable "name" {
  description = "Name of the function; also the prefix of its role, queues and alarms, and the log group /aws/lambda/<name>."
  type        = string
  default     = "s3load"

  validation {
    # 64 is the limit for function and role names; the longest derived queue name stays under SQS's 80.
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 characters of A-Z, a-z, 0-9, '-' and '_'."
  }
}

variable "package_path" {
  description = "Path of the deployment package built by `cmake --build build --target package` (build/s3load-lambda.zip)."
  type        = string
}

variable "architecture" {
  description = "Instruction set the package was built for: arm64 or x86_64. The extension layer must match it."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be \"arm64\" or \"x86_64\"."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB (CPU share grows with it). s3load streams, so memory does not grow with file size."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout_seconds" {
  description = "Function timeout in seconds; a load that would overrun it is rolled back and retried. Lambda's maximum is 900."
  type        = number
  default     = 300

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 900 && floor(var.timeout_seconds) == var.timeout_seconds
    error_message = "timeout_seconds must be a whole number between 1 and 900."
  }
}

variable "reserved_concurrency" {
  description = "Maximum concurrent executions. Each execution holds one PostgreSQL connection: size this to the database's connection budget (see docs/deploy.md)."
  type        = number

  validation {
    # 0 would stop the function altogether and -1 would remove the cap that protects the database.
    condition     = var.reserved_concurrency >= 1 && floor(var.reserved_concurrency) == var.reserved_concurrency
    error_message = "reserved_concurrency must be a whole number of at least 1."
  }
}

variable "log_level" {
  description = "S3LOAD_LOG_LEVEL: debug, info, warn or error."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["debug", "info", "warn", "error"], var.log_level)
    error_message = "log_level must be one of debug, info, warn, error."
  }
}

variable "config_path" {
  description = "S3LOAD_CONFIG: path of the feeds config inside the function. Null keeps s3load's default, $LAMBDA_TASK_ROOT/s3load.toml (the config packaged in the zip); use /opt/s3load.toml for a config shipped in a layer."
  type        = string
  default     = null
}

variable "layer_arns" {
  description = "Additional layers, for example one that carries s3load.toml. The Parameters and Secrets extension is added separately."
  type        = list(string)
  default     = []

  validation {
    # Lambda allows five layers; one is taken by the Parameters and Secrets extension.
    condition     = length(var.layer_arns) <= 4
    error_message = "At most 4 additional layers can be attached."
  }
}

variable "subnet_ids" {
  description = "Subnets to run the function in, to reach a database inside a VPC. Empty: no VPC."
  type        = list(string)
  default     = []
}

variable "security_group_ids" {
  description = "Security groups of the function when subnet_ids is set; the database's group must allow them on its port."
  type        = list(string)
  default     = []
}

# ---------------------------------------------------------------------------------------------------
# Database credentials
# ---------------------------------------------------------------------------------------------------

variable "db_secret_arn" {
  description = "Full ARN (with its random suffix) of the Secrets Manager secret holding the database credentials as JSON: username, password, host, port, dbname."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[^*?]+$", var.db_secret_arn))
    error_message = "db_secret_arn must be the full ARN of one Secrets Manager secret (no wildcards)."
  }
}

variable "db_secret_kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the secret, if any. Null when the secret uses the AWS managed key."
  type        = string
  default     = null

  validation {
    condition     = var.db_secret_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$", var.db_secret_kms_key_arn))
    error_message = "db_secret_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "secrets_extension_layer_arn" {
  description = "ARN of the AWS Parameters and Secrets Lambda Extension layer for this region and architecture (the account and version differ per region: see docs/deploy.md)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:AWS-Parameters-and-Secrets-Lambda-Extension(-Arm64)?:[0-9]+$", var.secrets_extension_layer_arn))
    error_message = "secrets_extension_layer_arn must be a version ARN of the AWS-Parameters-and-Secrets-Lambda-Extension layer."
  }
}

variable "database_url" {
  description = "Optional S3LOAD_DATABASE_URL without a password (host, port, database, sslmode); the credentials come from the secret."
  type        = string
  default     = null

  validation {
    condition     = var.database_url == null ? true : !can(regex("(?i)password|://[^/@]*:[^/@]*@", var.database_url))
    error_message = "database_url must not carry a password: keep credentials in the secret."
  }
}

# ---------------------------------------------------------------------------------------------------
# Source bucket and feeds
# ---------------------------------------------------------------------------------------------------

variable "bucket_name" {
  description = "Name of the existing bucket the vendors write to."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be an S3 bucket name, not an ARN."
  }
}

variable "bucket_owner_account_id" {
  description = "Account that owns the bucket, used to pin who may invoke the function. Null: the account Terraform runs in."
  type        = string
  default     = null

  validation {
    condition     = var.bucket_owner_account_id == null ? true : can(regex("^[0-9]{12}$", var.bucket_owner_account_id))
    error_message = "bucket_owner_account_id must be a 12-digit account id."
  }
}

variable "bucket_kms_key_arn" {
  description = "ARN of the customer managed KMS key of the bucket's default encryption (SSE-KMS), if any. Null for SSE-S3."
  type        = string
  default     = null

  validation {
    condition     = var.bucket_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$", var.bucket_kms_key_arn))
    error_message = "bucket_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "bucket_eventbridge" {
  description = "Also send the bucket's events to EventBridge, for other consumers of the same bucket: this module owns the bucket's one notification configuration."
  type        = bool
  default     = false
}

variable "feeds" {
  description = "One entry per feed of s3load.toml: name (the feed's name, also the Feed dimension of its metrics), prefix (key prefix the vendor writes under, for example \"acme/orders/\") and optional suffix (for example \".csv\")."
  type = list(object({
    name   = string
    prefix = string
    suffix = optional(string, "")
  }))

  validation {
    condition     = length(var.feeds) > 0
    error_message = "At least one feed is needed."
  }

  validation {
    condition     = length(distinct([for f in var.feeds : f.name])) == length(var.feeds)
    error_message = "Feed names must be unique."
  }

  validation {
    condition     = alltrue([for f in var.feeds : can(regex("^[A-Za-z0-9._-]{1,64}$", f.name))])
    error_message = "Feed names must be 1-64 characters of A-Z, a-z, 0-9, '.', '-' and '_'."
  }

  validation {
    # The prefix scopes the function's read permission: an empty prefix or an IAM wildcard in it would
    # open the whole bucket.
    condition     = alltrue([for f in var.feeds : length(f.prefix) > 0 && !startswith(f.prefix, "/") && !can(regex("[*?$]", f.prefix))])
    error_message = "Each feed needs a non-empty prefix without a leading '/' and without '*', '?' or '$'."
  }

  validation {
    condition     = alltrue([for f in var.feeds : !can(regex("[*?]", f.suffix))])
    error_message = "Feed suffixes are literal: no '*' or '?'."
  }

  validation {
    # S3 rejects a notification configuration whose filters overlap for the same event type.
    condition = alltrue(flatten([
      for i, a in var.feeds : [
        for j, b in var.feeds :
        i == j || !((startswith(a.prefix, b.prefix) || startswith(b.prefix, a.prefix)) && (endswith(a.suffix, b.suffix) || endswith(b.suffix, a.suffix)))
      ]
    ]))
    error_message = "Two feeds overlap (one prefix starts with the other and one suffix ends with the other): S3 would reject the notification configuration."
  }
}

# ---------------------------------------------------------------------------------------------------
# Delivery, retries and failures
# ---------------------------------------------------------------------------------------------------

variable "delivery" {
  description = "\"direct\": S3 invokes the function asynchronously. \"sqs\": S3 writes to a queue that the function polls in batches (high volume)."
  type        = string
  default     = "direct"

  validation {
    condition     = contains(["direct", "sqs"], var.delivery)
    error_message = "delivery must be \"direct\" or \"sqs\"."
  }
}

variable "maximum_event_age_seconds" {
  description = "How long Lambda keeps retrying an asynchronous event (throttles, system errors) before it goes to the on-failure queue."
  type        = number
  default     = 21600

  validation {
    condition     = var.maximum_event_age_seconds >= 60 && var.maximum_event_age_seconds <= 21600
    error_message = "maximum_event_age_seconds must be between 60 and 21600."
  }
}

variable "sqs_batch_size" {
  description = "sqs delivery: records per invocation. All files of a batch are loaded within one function timeout."
  type        = number
  default     = 10

  validation {
    condition     = var.sqs_batch_size >= 1 && var.sqs_batch_size <= 10000
    error_message = "sqs_batch_size must be between 1 and 10000."
  }
}

variable "sqs_maximum_batching_window_seconds" {
  description = "sqs delivery: how long to gather records before invoking. Must be at least 1 when sqs_batch_size is above 10."
  type        = number
  default     = 0

  validation {
    condition     = var.sqs_maximum_batching_window_seconds >= 0 && var.sqs_maximum_batching_window_seconds <= 300
    error_message = "sqs_maximum_batching_window_seconds must be between 0 and 300."
  }
}

variable "sqs_max_receive_count" {
  description = "sqs delivery: receives of a message before it moves to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.sqs_max_receive_count >= 1 && var.sqs_max_receive_count <= 1000
    error_message = "sqs_max_receive_count must be between 1 and 1000."
  }
}

# ---------------------------------------------------------------------------------------------------
# Alarms and tags
# ---------------------------------------------------------------------------------------------------

variable "alarm_topic_arn" {
  description = "SNS topic that receives every alarm and its return to OK."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be an SNS topic ARN."
  }
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the metrics s3load emits (EMF); s3load uses \"s3load\"."
  type        = string
  default     = "s3load"
}

variable "tags" {
  description = "Tags applied to every taggable resource."
  type        = map(string)
  default     = {}
}
