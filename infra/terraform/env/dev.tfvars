environment          = "dev"
region               = "us-east-1"
retention_days       = 30
log_retention_days   = 365
throttle_rate_limit  = 20
throttle_burst_limit = 40
function_concurrency = 5
deletion_protection  = false
