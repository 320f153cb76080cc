output "api_url" {
  description = "Base URL of the API: POST/GET $API_URL/logs, POST $API_URL/rpc."
  value       = aws_api_gateway_stage.logs.invoke_url
}

output "user_pool_id" {
  description = "The Cognito user pool."
  value       = aws_cognito_user_pool.users.id
}

output "client_id" {
  description = "The app client for USER_PASSWORD_AUTH and refresh."
  value       = aws_cognito_user_pool_client.app.id
}

output "admin_secret_name" {
  description = "Secrets Manager secret with the initial administrator's username and temporary password."
  value       = aws_secretsmanager_secret.admin.name
}

output "table_name" {
  description = "The DynamoDB log table."
  value       = aws_dynamodb_table.logs.name
}

output "kms_key_arn" {
  description = "The KMS key that wraps data keys and seals the API-key hash key (for `logsvc api-keys --config`)."
  value       = aws_kms_key.logs.arn
}
