data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "LambdaService"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  name               = var.name
  description        = "Execution role of the ${var.name} function."
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
  tags               = var.tags
}

# Everything the function may do. No wildcard actions; the only "*" resource is the VPC statement,
# whose EC2 actions do not support resource-level permissions.
data "aws_iam_policy_document" "function" {
  statement {
    sid       = "ReadFeedObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = local.feed_object_arns
  }

  statement {
    sid       = "SendFailedEvents"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.on_failure.arn]
  }

  statement {
    sid       = "ReadDatabaseSecret"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.db_secret_arn]
  }

  statement {
    sid     = "WriteOwnLogs"
    effect  = "Allow"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    # The provider strips the ":*" that CloudWatch Logs puts on log group ARNs; IAM policies for
    # CreateLogStream and PutLogEvents need that form, which covers this group's streams only.
    resources = ["${aws_cloudwatch_log_group.function.arn}:*"]
  }

  dynamic "statement" {
    for_each = local.sqs_delivery ? [1] : []
    content {
      sid       = "ConsumeIngestQueue"
      effect    = "Allow"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      resources = [aws_sqs_queue.ingest[0].arn]
    }
  }

  dynamic "statement" {
    for_each = local.in_vpc ? [1] : []
    content {
      sid    = "ManageVpcNetworkInterfaces"
      effect = "Allow"
      actions = [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = var.db_secret_kms_key_arn == null ? [] : [var.db_secret_kms_key_arn]
    content {
      sid       = "DecryptDatabaseSecret"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${data.aws_region.current.name}.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:EncryptionContext:SecretARN"
        values   = [var.db_secret_arn]
      }
    }
  }

  dynamic "statement" {
    for_each = var.bucket_kms_key_arn == null ? [] : [var.bucket_kms_key_arn]
    content {
      sid       = "DecryptFeedObjects"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${data.aws_region.current.name}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "function" {
  name   = "s3load"
  role   = aws_iam_role.function.id
  policy = data.aws_iam_policy_document.function.json
}
