# One function per profile (config/lambda-*.yaml), each with its own least-privilege role.
locals {
  functions = {
    ingest = { description = "POST /logs and POST /v1/logs (OTLP): store entries", writes = true, reads = false, administers = false }
    query  = { description = "GET /logs and POST /logs/query: entries, newest first", writes = false, reads = true, administers = false }
    rpc    = { description = "POST /rpc: JSON-RPC 2.0; /admin/api-keys", writes = true, reads = true, administers = true }
  }
  # API keys are items of the table under these partition keys (see docs/deploying-to-aws.md).
  api_key_partitions = ["#apikeys", "#apikeys#changes"]
  # What the store's write protocol needs: conditional puts and deletes of claims, batch writes, and the point
  # reads that resolve claims and commits. No Scan.
  table_write_actions = ["dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:GetItem",
  "dynamodb:BatchGetItem", "dynamodb:Query"]
  table_read_actions = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"]
}

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  for_each           = local.functions
  name               = "${local.name}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
}

data "aws_iam_policy_document" "function" {
  for_each = local.functions

  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function[each.key].arn}:*"]
  }

  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  statement {
    sid       = "Table"
    actions   = distinct(concat(each.value.writes ? local.table_write_actions : [], each.value.reads ? local.table_read_actions : []))
    resources = [aws_dynamodb_table.logs.arn]
  }

  # API keys: every function verifies them (reads the key items and their changes, opens their hash key) and writes
  # back when each was last used; the administering function makes and revokes them, in transactions.
  statement {
    sid = "APIKeyItems"
    actions = concat(["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem"],
    each.value.administers ? ["dynamodb:PutItem", "dynamodb:ConditionCheckItem"] : [])
    resources = [aws_dynamodb_table.logs.arn]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "dynamodb:LeadingKeys"
      values   = local.api_key_partitions
    }
  }

  statement {
    sid       = "APIKeyHashKey"
    actions   = concat(["kms:Decrypt"], each.value.administers ? ["kms:Encrypt"] : [])
    resources = [aws_kms_key.logs.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:purpose"
      values   = ["api-key-hash-key"]
    }
  }

  # Data keys: writers generate them, readers unwrap them; always for one tenant (the encryption context).
  statement {
    sid       = "TenantDataKeys"
    actions   = concat(each.value.writes ? ["kms:GenerateDataKey"] : [], each.value.reads ? ["kms:Decrypt"] : [])
    resources = [aws_kms_key.logs.arn]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "kms:EncryptionContextKeys"
      values   = ["tenant"]
    }
    condition {
      test     = "Null"
      variable = "kms:EncryptionContext:tenant"
      values   = ["false"]
    }
  }

  # The table and the environment are encrypted with the same key: DynamoDB and Lambda use it on the role's behalf.
  statement {
    sid       = "ServiceEncryption"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [aws_kms_key.logs.arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["dynamodb.${var.region}.amazonaws.com", "lambda.${var.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "function" {
  for_each = local.functions
  name     = "${local.name}-${each.key}"
  role     = aws_iam_role.function[each.key].id
  policy   = data.aws_iam_policy_document.function[each.key].json
}

resource "aws_cloudwatch_log_group" "function" {
  for_each          = local.functions
  name              = "/aws/lambda/${local.name}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_lambda_function" "function" {
  #checkov:skip=CKV_AWS_117:the functions call only AWS APIs (DynamoDB, KMS, Cognito keys); a VPC would add NAT cost and cold-start time without protecting anything
  #checkov:skip=CKV_AWS_116:API Gateway invokes the functions synchronously; a dead-letter queue only catches asynchronous invocations
  #checkov:skip=CKV_AWS_272:packages come from CI (infra/package-lambdas) and are deployed by the workflow's OIDC role; no signing profile exists for them yet
  for_each      = local.functions
  function_name = "${local.name}-${each.key}"
  description   = each.value.description
  role          = aws_iam_role.function[each.key].arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  architectures = ["x86_64"]
  memory_size   = 512
  timeout       = 15

  filename         = "${var.package_dir}/${each.key}.zip"
  source_code_hash = filebase64sha256("${var.package_dir}/${each.key}.zip")

  reserved_concurrent_executions = var.function_concurrency
  kms_key_arn                    = aws_kms_key.logs.arn

  tracing_config {
    mode = "Active"
  }

  environment {
    variables = {
      LOGSVC_PROFILE           = "lambda-${each.key}"
      LOGSVC_TABLE             = aws_dynamodb_table.logs.name
      LOGSVC_KMS_KEY_ID        = aws_kms_key.logs.arn
      LOGSVC_SHARDS            = tostring(var.shards)
      LOGSVC_RETENTION_DAYS    = tostring(var.retention_days)
      LOGSVC_COGNITO_ISSUER    = "https://cognito-idp.${var.region}.amazonaws.com/${aws_cognito_user_pool.users.id}"
      LOGSVC_COGNITO_JWKS_URL  = "https://cognito-idp.${var.region}.amazonaws.com/${aws_cognito_user_pool.users.id}/.well-known/jwks.json"
      LOGSVC_COGNITO_CLIENT_ID = aws_cognito_user_pool_client.app.id
      LOGSVC_VERIFY_JWT        = "true"
      LOGSVC_CURSOR_KEY        = aws_secretsmanager_secret_version.cursor_key.secret_string
    }
  }

  depends_on = [aws_iam_role_policy.function]
}
