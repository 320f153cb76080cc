# The REST API: POST /logs, POST /v1/logs (OTLP), GET /logs, POST /logs/query, POST /rpc and /admin/api-keys, each to
# its function. No
# route is behind a Cognito authorizer: every route takes API keys as well as Cognito tokens, so the functions verify
# both themselves (tokens against the user pool's JWKS, keys against the table; LOGSVC_VERIFY_JWT is true).
resource "aws_api_gateway_rest_api" "logs" {
  name        = "${local.name}-api"
  description = "logsvc: store and read log entries"
  # Every body reaches the functions as bytes (base64 in the event), whatever its type: OTLP protobuf, and bodies with
  # Content-Encoding: gzip, would otherwise be mangled as text. The functions decode isBase64Encoded events.
  binary_media_types = ["*/*"]

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  lifecycle {
    create_before_destroy = true
  }
}

# Requests without an Authorization header are refused before they reach a function; bodies are checked by the
# functions, which answer every malformed one with a documented error.
resource "aws_api_gateway_request_validator" "parameters" {
  name                        = "authorization-header"
  rest_api_id                 = aws_api_gateway_rest_api.logs.id
  validate_request_parameters = true
  validate_request_body       = false
}


resource "aws_api_gateway_resource" "logs" {
  rest_api_id = aws_api_gateway_rest_api.logs.id
  parent_id   = aws_api_gateway_rest_api.logs.root_resource_id
  path_part   = "logs"
}

resource "aws_api_gateway_resource" "logs_query" {
  rest_api_id = aws_api_gateway_rest_api.logs.id
  parent_id   = aws_api_gateway_resource.logs.id
  path_part   = "query"
}

resource "aws_api_gateway_resource" "v1" {
  rest_api_id = aws_api_gateway_rest_api.logs.id
  parent_id   = aws_api_gateway_rest_api.logs.root_resource_id
  path_part   = "v1"
}

resource "aws_api_gateway_resource" "v1_logs" {
  rest_api_id = aws_api_gateway_rest_api.logs.id
  parent_id   = aws_api_gateway_resource.v1.id
  path_part   = "logs"
}

resource "aws_api_gateway_resource" "rpc" {
  rest_api_id = aws_api_gateway_rest_api.logs.id
  parent_id   = aws_api_gateway_rest_api.logs.root_resource_id
  path_part   = "rpc"
}

resource "aws_api_gateway_resource" "admin" {
  rest_api_id = aws_api_gateway_rest_api.logs.id
  parent_id   = aws_api_gateway_rest_api.logs.root_resource_id
  path_part   = "admin"
}

resource "aws_api_gateway_resource" "api_keys" {
  rest_api_id = aws_api_gateway_rest_api.logs.id
  parent_id   = aws_api_gateway_resource.admin.id
  path_part   = "api-keys"
}

resource "aws_api_gateway_resource" "api_key" {
  rest_api_id = aws_api_gateway_rest_api.logs.id
  parent_id   = aws_api_gateway_resource.api_keys.id
  path_part   = "{id}"
}

locals {
  routes = {
    "POST /logs"                  = { resource = aws_api_gateway_resource.logs.id, method = "POST", function = "ingest" }
    "POST /v1/logs"               = { resource = aws_api_gateway_resource.v1_logs.id, method = "POST", function = "ingest" }
    "GET /logs"                   = { resource = aws_api_gateway_resource.logs.id, method = "GET", function = "query" }
    "POST /logs/query"            = { resource = aws_api_gateway_resource.logs_query.id, method = "POST", function = "query" }
    "POST /rpc"                   = { resource = aws_api_gateway_resource.rpc.id, method = "POST", function = "rpc" }
    "GET /admin/api-keys"         = { resource = aws_api_gateway_resource.api_keys.id, method = "GET", function = "rpc" }
    "POST /admin/api-keys"        = { resource = aws_api_gateway_resource.api_keys.id, method = "POST", function = "rpc" }
    "DELETE /admin/api-keys/{id}" = { resource = aws_api_gateway_resource.api_key.id, method = "DELETE", function = "rpc" }
  }
}

resource "aws_api_gateway_method" "route" {
  #checkov:skip=CKV_AWS_59:every route takes API keys, which no API Gateway authorizer knows; the functions verify Cognito tokens and API keys themselves, and requests without Authorization are refused here
  for_each             = local.routes
  rest_api_id          = aws_api_gateway_rest_api.logs.id
  resource_id          = each.value.resource
  http_method          = each.value.method
  authorization        = "NONE"
  request_validator_id = aws_api_gateway_request_validator.parameters.id
  request_parameters = {
    "method.request.header.Authorization" = true
  }
}

resource "aws_api_gateway_integration" "route" {
  for_each                = local.routes
  rest_api_id             = aws_api_gateway_rest_api.logs.id
  resource_id             = each.value.resource
  http_method             = aws_api_gateway_method.route[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.function[each.value.function].invoke_arn
}

resource "aws_lambda_permission" "api" {
  for_each      = local.functions
  statement_id  = "AllowAPIGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.function[each.key].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.logs.execution_arn}/*/*"
}

resource "aws_api_gateway_deployment" "logs" {
  rest_api_id = aws_api_gateway_rest_api.logs.id

  triggers = {
    redeployment = sha1(jsonencode([aws_api_gateway_method.route, aws_api_gateway_integration.route]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${local.name}-access"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_api_gateway_stage" "logs" {
  #checkov:skip=CKV_AWS_120:responses are per caller and change with every write; caching them would serve stale or another caller's pages
  #checkov:skip=CKV2_AWS_51:clients are people and applications with Cognito tokens, not holders of client certificates
  #checkov:skip=CKV2_AWS_29:a WAF web ACL is an account-level choice; the stage throttles and every route needs a token or an API key
  deployment_id        = aws_api_gateway_deployment.logs.id
  rest_api_id          = aws_api_gateway_rest_api.logs.id
  stage_name           = var.environment
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId = "$context.requestId", ip = "$context.identity.sourceIp",
      time      = "$context.requestTime", method = "$context.httpMethod", path = "$context.resourcePath",
      status    = "$context.status", length = "$context.responseLength", latency = "$context.responseLatency"
    })
  }
}

resource "aws_api_gateway_method_settings" "all" {
  #checkov:skip=CKV_AWS_225:responses are per caller and change with every write; caching them would serve stale or another caller's pages
  rest_api_id = aws_api_gateway_rest_api.logs.id
  stage_name  = aws_api_gateway_stage.logs.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = "ERROR"
    data_trace_enabled     = false
    throttling_rate_limit  = var.throttle_rate_limit
    throttling_burst_limit = var.throttle_burst_limit
    caching_enabled        = false
  }
}
