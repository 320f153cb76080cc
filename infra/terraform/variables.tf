variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "environment" {
  description = "Deployment name, part of every resource name (dev, staging, prod)."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of every resource name."
  type        = string
  default     = "logsvc"
}

variable "package_dir" {
  description = "Directory holding the function packages ingest.zip, query.zip and rpc.zip (infra/package-lambdas writes them)."
  type        = string
  default     = "../../.build/lambda"
}

variable "admin_username" {
  description = "The initial administrator; its temporary password is stored in Secrets Manager."
  type        = string
  default     = "admin"
}

variable "admin_tenant" {
  description = "The tenant (custom:tenant) of the initial administrator."
  type        = string
  default     = "default"
}

variable "shards" {
  description = "Write shards per tenant in the DynamoDB table (never lower it on a table in use)."
  type        = number
  default     = 4
}

variable "retention_days" {
  description = "Entries older than this are not returned and expire by TTL; 0 keeps them forever."
  type        = number
  default     = 0
}

variable "log_retention_days" {
  description = "Retention of the functions' and API Gateway's CloudWatch log groups."
  type        = number
  default     = 365
}

variable "throttle_rate_limit" {
  description = "Steady requests per second the API stage accepts."
  type        = number
  default     = 100
}

variable "throttle_burst_limit" {
  description = "Burst of requests the API stage accepts."
  type        = number
  default     = 200
}

variable "function_concurrency" {
  description = "Reserved concurrency of each function (bounds the load on DynamoDB and KMS)."
  type        = number
  default     = 20
}

variable "deletion_protection" {
  description = "Protect the table from deletion (turn off only for throwaway environments)."
  type        = bool
  default     = true
}
