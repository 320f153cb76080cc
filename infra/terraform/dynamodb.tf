# The log table (layout in docs/storage.md, "Table design": entries by tenant and shard, commits, claims, wrapped data keys).
resource "aws_dynamodb_table" "logs" {
  name                        = "${local.name}-entries"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  ttl {
    attribute_name = "exp"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.logs.arn
  }
}
