# The key that authenticates page cursors and keys idempotency hashes, shared by every function.
locals {
  cursor_key = base64encode(substr(sha256(uuid()), 0, 32))
}

resource "aws_secretsmanager_secret" "cursor_key" {
  #checkov:skip=CKV2_AWS_57:rotating it invalidates every page cursor and idempotency record in flight; rotate it deliberately with terraform taint, not on a schedule
  name                    = "${local.name}/cursor-key"
  description             = "LOGSVC_CURSOR_KEY of the logsvc functions (base64 of 32 bytes)"
  kms_key_id              = aws_kms_key.logs.arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "cursor_key" {
  secret_id     = aws_secretsmanager_secret.cursor_key.id
  secret_string = local.cursor_key

  lifecycle {
    ignore_changes = [secret_string]
  }
}
