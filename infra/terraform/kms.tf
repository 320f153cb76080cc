# One customer managed key: it wraps the tenants' data keys (envelope encryption in the functions) and encrypts
# the table, the secrets, the functions' environment and the log groups.
resource "aws_kms_key" "logs" {
  description             = "${local.name}: log data keys, table, secrets and logs"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.key.json
}

resource "aws_kms_alias" "logs" {
  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.logs.key_id
}

data "aws_iam_policy_document" "key" {
  #checkov:skip=CKV_AWS_111:this is a key policy: its Resource "*" is this key alone, and the account statement is AWS's default, without which the key could become unmanageable
  #checkov:skip=CKV_AWS_356:this is a key policy: its Resource "*" is this key alone
  #checkov:skip=CKV_AWS_109:this is a key policy: its Resource "*" is this key alone, and the account statement is AWS's default, without which the key could become unmanageable
  # The account administers the key through IAM; the functions' roles get only what their policies grant.
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchLogs"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.${var.region}.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:*"]
    }
  }
}
