# Identity: the user pool whose tokens the functions accept (they verify them against its JWKS).
resource "aws_cognito_user_pool" "users" {
  name                     = "${local.name}-users"
  deletion_protection      = var.deletion_protection ? "ACTIVE" : "INACTIVE"
  mfa_configuration        = "OPTIONAL"
  username_attributes      = []
  auto_verified_attributes = []

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 7
  }

  software_token_mfa_configuration {
    enabled = true
  }

  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  # The tenant of a user: the service confines every read and write to it.
  schema {
    name                     = "tenant"
    attribute_data_type      = "String"
    mutable                  = true
    developer_only_attribute = false
    required                 = false
    string_attribute_constraints {
      min_length = 1
      max_length = 128
    }
  }

  user_pool_add_ons {
    advanced_security_mode = "AUDIT"
  }
}

resource "aws_cognito_user_group" "roles" {
  for_each     = toset(["admin", "writer", "reader"])
  name         = each.key
  user_pool_id = aws_cognito_user_pool.users.id
  description  = "logsvc role ${each.key}"
}

resource "aws_cognito_user_pool_client" "app" {
  name                          = "${local.name}-app"
  user_pool_id                  = aws_cognito_user_pool.users.id
  explicit_auth_flows           = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
  generate_secret               = false
  id_token_validity             = 60
  access_token_validity         = 60
  refresh_token_validity        = 30
  # Users may not set their own tenant: only administrators write custom:tenant.
  read_attributes  = ["custom:tenant", "email"]
  write_attributes = ["email"]

  token_validity_units {
    id_token      = "minutes"
    access_token  = "minutes"
    refresh_token = "days"
  }
}

# The seed's step 4: the first administrator, with a temporary password kept in Secrets Manager until first login.
locals {
  # uuid() is random; ignore_changes below keeps the first value. The suffix satisfies every character class.
  admin_temporary_password = "${substr(replace(uuid(), "-", ""), 0, 20)}Aa1!"
}

resource "aws_cognito_user" "admin" {
  user_pool_id       = aws_cognito_user_pool.users.id
  username           = var.admin_username
  temporary_password = local.admin_temporary_password
  attributes = {
    tenant = var.admin_tenant
  }

  lifecycle {
    ignore_changes = [temporary_password]
  }
}

resource "aws_cognito_user_in_group" "admin" {
  user_pool_id = aws_cognito_user_pool.users.id
  group_name   = aws_cognito_user_group.roles["admin"].name
  username     = aws_cognito_user.admin.username
}

resource "aws_secretsmanager_secret" "admin" {
  #checkov:skip=CKV2_AWS_57:it holds a temporary password that Cognito expires after 7 days and the first login replaces; delete the secret then
  name                    = "${local.name}/initial-admin"
  description             = "Username and temporary password of the first logsvc administrator"
  kms_key_id              = aws_kms_key.logs.arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "admin" {
  secret_id = aws_secretsmanager_secret.admin.id
  secret_string = jsonencode({
    username           = var.admin_username
    temporary_password = local.admin_temporary_password
    user_pool_id       = aws_cognito_user_pool.users.id
    client_id          = aws_cognito_user_pool_client.app.id
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}
