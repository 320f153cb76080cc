/// The OpenAPI 3.1 description of the HTTP API, served at `GET /openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "logsvc",
        "version": "1.0.0",
        "description": "The HTTP API of logsvc, a multi-tenant log service: store log entries over REST or JSON-RPC 2.0, read them back newest first, follow them live, all authenticated with JWTs (RS256/ES256) issued by the built-in Cognito-compatible user pool or a trusted OIDC issuer. Messages are encrypted at rest.\n\nLimits (defaults; all configurable):\n- request body: 2 MiB (`gateway.max_body_bytes`), else 413 `payload_too_large`;\n- one message: 256 KiB of UTF-8 (`ingest.max_message_bytes`), else 413;\n- entries per request: 10,000 (`ingest.max_batch_entries`), else 413;\n- all messages and attributes of one request together: 1 MiB (`ingest.max_batch_message_bytes`), else 413;\n- entry attributes: at most 32 (`ingest.max_attributes`), else 413; names of 1-128 characters `[A-Za-z0-9_.:/-]`; values of at most 1024 bytes (`ingest.max_attribute_value_bytes`), else 413;\n- entry timestamps: at most 14 days in the past and 2 hours in the future of the server's clock;\n- page size (`limit`): 1-1000, default 100; `q`: at most 256 bytes;\n- tokens: at most 8 KiB;\n- `Idempotency-Key`: 1-255 printable ASCII characters without spaces, remembered for 24 hours (`ingest.idempotency_window_seconds`);\n- live tails: 64 open at once per process (`gateway.tail.max_clients`), else 503; a client more than 10,000 entries behind is dropped (`gateway.tail.buffer_entries`);\n- a page: at most 2 MiB of messages and attributes (`query.max_page_bytes`), else it ends early with a cursor; text searches (`q`): 16 at once per process (`query.max_concurrent_scans`);\n- JSON-RPC batches: 100 calls (`gateway.rpc.max_batch_calls`), else 413; together at most 50,000 entries examined and 8 MiB of results (`gateway.rpc.max_batch_scan_entries`, `gateway.rpc.max_batch_response_bytes`), past which the calls not yet run answer `budget_exceeded`;\n- fair shares: the places of every bounded resource (requests in progress and waiting, request bodies held, live tails, text searches) are shared among tenants and among the principals of a tenant; a caller past its share gets 429 `too_many_requests` with `Retry-After` while others are served, and a full resource 503 `overloaded`;\n- `X-Request-Id`: 1-128 of `[A-Za-z0-9._:-]`.\n\nErrors are JSON `{\"error\": {\"code\", \"message\"}}` (except the Cognito and OAuth 2.0 endpoints, which speak their own protocols' error shapes). Every response carries `X-Request-Id`."
      },
      "tags": [
        {
          "name": "logs",
          "description": "Storing, reading and following log entries."
        },
        {
          "name": "identity",
          "description": "Logging in and the keys that sign tokens."
        },
        {
          "name": "operations",
          "description": "Health, metrics and this document."
        }
      ],
      "security": [
        {
          "bearerAuth": []
        }
      ],
      "paths": {
        "/healthz": {
          "get": {
            "operationId": "getHealth",
            "tags": [
              "operations"
            ],
            "summary": "Liveness check",
            "security": [],
            "responses": {
              "200": {
                "description": "The service is up.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    }
                  }
                }
              }
            }
          }
        },
        "/openapi.json": {
          "get": {
            "operationId": "getOpenAPIDocument",
            "tags": [
              "operations"
            ],
            "summary": "This OpenAPI document",
            "security": [],
            "responses": {
              "200": {
                "description": "The OpenAPI 3.1 description of the API.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "openapi",
                        "info",
                        "paths"
                      ],
                      "properties": {
                        "openapi": {
                          "type": "string"
                        },
                        "info": {
                          "type": "object"
                        },
                        "paths": {
                          "type": "object"
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        },
        "/metrics": {
          "get": {
            "operationId": "getMetrics",
            "tags": [
              "operations"
            ],
            "summary": "Prometheus metrics",
            "description": "Per-topic bus counters and gauges in the Prometheus text exposition format 0.0.4.",
            "security": [],
            "responses": {
              "200": {
                "description": "The metrics.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                },
                "content": {
                  "text/plain; version=0.0.4": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/.well-known/jwks.json": {
          "get": {
            "operationId": "getJWKS",
            "tags": [
              "identity"
            ],
            "summary": "The public keys that sign tokens",
            "security": [],
            "responses": {
              "200": {
                "description": "The JSON Web Key Set of the local user pool.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/JWKS"
                    }
                  }
                }
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            }
          }
        },
        "/{pool}/.well-known/jwks.json": {
          "get": {
            "operationId": "getPoolJWKS",
            "tags": [
              "identity"
            ],
            "summary": "The public keys of a user pool, at Amazon Cognito's JWKS address",
            "security": [],
            "parameters": [
              {
                "$ref": "#/components/parameters/Pool"
              }
            ],
            "responses": {
              "200": {
                "description": "The JSON Web Key Set of the user pool.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/JWKS"
                    }
                  }
                }
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            }
          }
        },
        "/": {
          "post": {
            "operationId": "cognito",
            "tags": [
              "identity"
            ],
            "summary": "Amazon Cognito identity provider API (JSON protocol)",
            "description": "The operations `InitiateAuth` (`USER_PASSWORD_AUTH`, `REFRESH_TOKEN_AUTH`), `RespondToAuthChallenge` (`NEW_PASSWORD_REQUIRED`), `GlobalSignOut` and `ChangePassword`, with Amazon Cognito's request and response shapes, so the aws CLI and AWS SDKs log in against the local user pool. Errors are Cognito's: HTTP 400 (500 for internal errors) with `{\"__type\": \"...Exception\", \"message\"}` and the `x-amzn-ErrorType` header. Failed logins are throttled per user and client address (`TooManyRequestsException`, with `Retry-After`). The body is at most 64 KiB.",
            "security": [],
            "parameters": [
              {
                "$ref": "#/components/parameters/AmzTarget"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/x-amz-json-1.1": {
                  "schema": {
                    "type": "object"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The operation's result.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                },
                "content": {
                  "application/x-amz-json-1.1": {
                    "schema": {
                      "type": "object"
                    }
                  }
                }
              },
              "400": {
                "description": "A Cognito error (bad parameters, wrong credentials, throttling, unknown operation).",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "x-amzn-ErrorType": {
                    "$ref": "#/components/headers/AmznErrorType"
                  },
                  "Retry-After": {
                    "$ref": "#/components/headers/OptionalRetryAfter"
                  }
                },
                "content": {
                  "application/x-amz-json-1.1": {
                    "schema": {
                      "$ref": "#/components/schemas/CognitoError"
                    }
                  }
                }
              },
              "500": {
                "description": "`InternalErrorException`.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "x-amzn-ErrorType": {
                    "$ref": "#/components/headers/AmznErrorType"
                  },
                  "Retry-After": {
                    "$ref": "#/components/headers/OptionalRetryAfter"
                  }
                },
                "content": {
                  "application/x-amz-json-1.1": {
                    "schema": {
                      "$ref": "#/components/schemas/CognitoError"
                    }
                  }
                }
              }
            }
          }
        },
        "/oauth2/token": {
          "post": {
            "operationId": "oauth2Token",
            "tags": [
              "identity"
            ],
            "summary": "OAuth 2.0 client credentials grant for machine clients",
            "description": "Issues a 15-minute access token that may only write the client's tenant's logs. The client authenticates with HTTP Basic (or `client_id` and `client_secret` in the form). Errors follow RFC 6749 section 5.2. The body is at most 8 KiB.",
            "security": [
              {
                "basicAuth": []
              },
              {}
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/x-www-form-urlencoded": {
                  "schema": {
                    "$ref": "#/components/schemas/TokenRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The access token.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/CacheControlNoStore"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AccessToken"
                    }
                  }
                }
              },
              "400": {
                "description": "`invalid_request`, `unsupported_grant_type` or `invalid_scope`.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/CacheControlNoStore"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/OAuthError"
                    }
                  }
                }
              },
              "401": {
                "description": "`invalid_client`: missing or wrong client credentials.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/CacheControlNoStore"
                  },
                  "WWW-Authenticate": {
                    "$ref": "#/components/headers/WWWAuthenticateBasic"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/OAuthError"
                    }
                  }
                }
              },
              "429": {
                "description": "`slow_down`: too many failed attempts.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/CacheControlNoStore"
                  },
                  "Retry-After": {
                    "$ref": "#/components/headers/OptionalRetryAfter"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/OAuthError"
                    }
                  }
                }
              },
              "500": {
                "description": "`server_error`.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/CacheControlNoStore"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/OAuthError"
                    }
                  }
                }
              },
              "503": {
                "description": "`temporarily_unavailable`.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/CacheControlNoStore"
                  },
                  "Retry-After": {
                    "$ref": "#/components/headers/OptionalRetryAfter"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/OAuthError"
                    }
                  }
                }
              }
            }
          }
        },
        "/rpc": {
          "post": {
            "operationId": "rpc",
            "tags": [
              "logs"
            ],
            "summary": "JSON-RPC 2.0",
            "description": "Methods `logs.put` (params: one entry, result `{\"id\", \"timestamp\"}`), `logs.putBatch` (params `{\"entries\": [...]}`, all or nothing, result `{\"count\", \"entries\"}`) and `logs.query` (params as the query of `GET /logs`, result `{\"logs\", \"nextCursor\"}`). A single call or a non-empty batch of at most 100 calls (`gateway.rpc.max_batch_calls`; 8 calls of a batch run at once; one failing call does not fail the others). Each call is admitted like a request of its own, within the caller's share. The calls of one request share a budget (`gateway.rpc.max_batch_scan_entries`, `max_batch_response_bytes`): `logs.query` pages end early, with a cursor, when it runs out, and the calls not yet run then answer -32029 with `data.code` `budget_exceeded` (send them again in another request). Calls not yet run when the client goes away are not run. Notifications (no `id`) run but get no response; a request of only notifications gets 204.\n\nEvery failure of a parsed call is a JSON-RPC error inside a 200 response: -32700 parse error, -32600 invalid request, -32601 method not found, -32602 invalid params, -32603 internal error, and ours with `data: {\"code\": <REST error code>, \"retry_after\"?: <seconds>}`: -32001 unauthenticated, -32003 forbidden, -32013 too large, -32015 unsupported media type, -32029 overloaded, too many requests or budget exceeded, -32008 timeout, -32030 unavailable, -32040 decryption failed, -32041 key destroyed. A request refused before its body is parsed gets one such error with a null `id` and an HTTP error status: 401 without a valid token (checked before the body is read), 413 over the size limit or the batch limit, 415 not JSON, 429 with `Retry-After` past the caller's share of request bodies or unsent answers, 503 with `Retry-After` when the process holds as many of either as it may (`gateway.max_pending_body_bytes`, `gateway.max_pending_answer_bytes`).",
            "parameters": [
              {
                "$ref": "#/components/parameters/RequestId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "oneOf": [
                      {
                        "$ref": "#/components/schemas/RPCRequest"
                      },
                      {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                          "$ref": "#/components/schemas/RPCRequest"
                        }
                      }
                    ]
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The response to a call, or the responses to the calls of a batch that had an `id` (in any order; match them by `id`).",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "oneOf": [
                        {
                          "$ref": "#/components/schemas/RPCResponse"
                        },
                        {
                          "type": "array",
                          "minItems": 1,
                          "items": {
                            "$ref": "#/components/schemas/RPCResponse"
                          }
                        }
                      ]
                    }
                  }
                }
              },
              "204": {
                "description": "The request held only notifications.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                }
              },
              "413": {
                "description": "The body is larger than `gateway.max_body_bytes`, or a batch holds more than `gateway.rpc.max_batch_calls` calls: a JSON-RPC error response (-32013, `id` null).",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/RPCResponse"
                        },
                        {
                          "$ref": "#/components/schemas/Error"
                        }
                      ]
                    }
                  }
                }
              },
              "401": {
                "description": "No valid token: a JSON-RPC error response (-32001, `id` null), sent before the body is read.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "WWW-Authenticate": {
                    "$ref": "#/components/headers/WWWAuthenticateBearer"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/RPCResponse"
                    }
                  }
                }
              },
              "429": {
                "description": "The caller holds its share of the request bodies or of the unsent answers the process may hold: a JSON-RPC error response (-32029, `id` null); retry after `Retry-After` seconds.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "Retry-After": {
                    "$ref": "#/components/headers/RetryAfter"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/RPCResponse"
                    }
                  }
                }
              },
              "415": {
                "description": "The body was sent with a non-JSON `Content-Type`.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/Error"
                        },
                        {
                          "$ref": "#/components/schemas/RPCResponse"
                        }
                      ]
                    }
                  }
                }
              },
              "503": {
                "description": "The process holds as many request bodies or unsent answers as it may (`gateway.max_pending_body_bytes`, `gateway.max_pending_answer_bytes`): a JSON-RPC error response (-32029, `id` null); retry after `Retry-After` seconds.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "Retry-After": {
                    "$ref": "#/components/headers/RetryAfter"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/RPCResponse"
                    }
                  }
                }
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              }
            }
          }
        },
        "/logs": {
          "post": {
            "operationId": "putLogs",
            "tags": [
              "logs"
            ],
            "summary": "Store one entry or a batch",
            "description": "One entry, a JSON array of entries, or `{\"entries\": [...]}`. A batch is stored whole or not at all, its entries in submission order. An entry without `timestamp` gets the server's time (microseconds). An entry with an `id` that this tenant already stored is not stored again: its first reference is returned; the same `id` with a different entry is 409. With `Idempotency-Key`, a repeated request (within 24 hours) returns the first response with `Idempotent-Replayed: true`; the same key with a different body is 409.",
            "parameters": [
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              },
              {
                "$ref": "#/components/parameters/RequestId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/EntrySubmission"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Stored: one reference for a single entry, or the count and references in submission order for a batch.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  },
                  "Idempotent-Replayed": {
                    "$ref": "#/components/headers/IdempotentReplayed"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/StoredEntry"
                        },
                        {
                          "$ref": "#/components/schemas/StoredBatch"
                        }
                      ]
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthenticated"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "429": {
                "$ref": "#/components/responses/TooManyRequests"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            }
          },
          "get": {
            "operationId": "getLogs",
            "tags": [
              "logs"
            ],
            "summary": "Read entries, newest first",
            "description": "A page of the caller's tenant's entries, newest first, with the filters applied. `nextCursor` continues with older entries; it is null on the last page. With `q`, one call searches at most `query.max_scan_entries` (10,000) entries and may return fewer matches than `limit` together with a cursor; so may a page that reaches `query.max_page_bytes` (2 MiB of messages and attributes). A request whose client goes away is cancelled (`cancelled`, logged as status 499, never seen by a client). An entry that cannot be decrypted is listed with `message: null` and an `error`.",
            "parameters": [
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "$ref": "#/components/parameters/Severity"
              },
              {
                "$ref": "#/components/parameters/Since"
              },
              {
                "$ref": "#/components/parameters/Until"
              },
              {
                "$ref": "#/components/parameters/Cursor"
              },
              {
                "$ref": "#/components/parameters/Query"
              },
              {
                "$ref": "#/components/parameters/RequestId"
              }
            ],
            "responses": {
              "200": {
                "description": "A page of entries.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/LogPage"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthenticated"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "429": {
                "$ref": "#/components/responses/TooManyRequests"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            }
          }
        },
        "/logs/tail": {
          "get": {
            "operationId": "tailLogs",
            "tags": [
              "logs"
            ],
            "summary": "Follow new entries live (Server-Sent Events)",
            "description": "An endless `text/event-stream` of the caller's tenant's entries as they are stored. Each entry is an event `entry` whose `id:` is the entry id and whose `data:` is one entry as JSON (the `LogEntry` schema). Comment lines start with `:`: `: connected` opens the stream and `: heartbeat` follows every 15 seconds (`gateway.tail.heartbeat_seconds`). A client that reads too slowly gets a final event `dropped` with data `{\"reason\": \"slow_consumer\"}`, and the server closes the stream. The number of concurrent streams is bounded and shared fairly: past it, 503 `overloaded`, and past the caller's share 429 `too_many_requests`, both with `Retry-After`. The stream ends when the client goes away.",
            "parameters": [
              {
                "$ref": "#/components/parameters/Severity"
              },
              {
                "$ref": "#/components/parameters/RequestId"
              }
            ],
            "responses": {
              "200": {
                "description": "The event stream.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/XRequestId"
                  }
                },
                "content": {
                  "text/event-stream": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthenticated"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "429": {
                "$ref": "#/components/responses/TooManyRequests"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/ServiceUnavailable"
              }
            }
          }
        }
      },
      "components": {
        "securitySchemes": {
          "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An ID or access token of the local user pool or of a trusted issuer, as `Authorization: Bearer <token>` (the bare token without `Bearer` is accepted too). The tenant is the token's `custom:tenant` claim; `cognito:groups` give the role (`writer` stores, `reader` reads, `admin` both)."
          },
          "basicAuth": {
            "type": "http",
            "scheme": "basic",
            "description": "A machine client's id and secret."
          }
        },
        "headers": {
          "XRequestId": {
            "description": "The request's id: the caller's `X-Request-Id` when acceptable, else a generated one. The service's log lines for the request carry it.",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._:-]{1,128}$"
            }
          },
          "RetryAfter": {
            "description": "Seconds to wait before retrying.",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[0-9]+$"
            }
          },
          "OptionalRetryAfter": {
            "description": "Seconds to wait before retrying, when known.",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[0-9]+$"
            }
          },
          "WWWAuthenticateBearer": {
            "description": "The authentication scheme to use.",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^Bearer"
            }
          },
          "WWWAuthenticateBasic": {
            "description": "The client authentication scheme to use.",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^Basic"
            }
          },
          "CacheControlNoStore": {
            "description": "Token responses are never cached.",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "no-store"
            }
          },
          "IdempotentReplayed": {
            "description": "`true` when this response replays the stored response of an earlier request with the same `Idempotency-Key`.",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "true"
              ]
            }
          },
          "AmznErrorType": {
            "description": "The Cognito exception name.",
            "required": false,
            "schema": {
              "type": "string"
            }
          }
        },
        "parameters": {
          "RequestId": {
            "name": "X-Request-Id",
            "in": "header",
            "required": false,
            "description": "The caller's id for the request, echoed in the response and logged. Other values are replaced by a generated id.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._:-]{1,128}$"
            }
          },
          "IdempotencyKey": {
            "name": "Idempotency-Key",
            "in": "header",
            "required": false,
            "description": "Makes the request safe to retry: a repeat with the same key and body returns the first response (with `Idempotent-Replayed: true`) instead of storing again; the same key with a different body is 409. Keys are per tenant.",
            "schema": {
              "type": "string",
              "pattern": "^[!-~]{1,255}$"
            }
          },
          "Limit": {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Entries per page (`query.max_limit`, 1000, at most).",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            }
          },
          "Severity": {
            "name": "severity",
            "in": "query",
            "required": false,
            "description": "Only entries of this severity or worse (a severity name or alias, case-insensitive).",
            "schema": {
              "$ref": "#/components/schemas/Severity"
            }
          },
          "Since": {
            "name": "since",
            "in": "query",
            "required": false,
            "description": "Only entries at or after this time (RFC 3339).",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          "Until": {
            "name": "until",
            "in": "query",
            "required": false,
            "description": "Only entries before this time (RFC 3339, exclusive).",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          "Cursor": {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The previous page's `nextCursor`, with the same filters. Cursors are opaque and authenticated: an altered one, or one of another tenant or other filters, is 400.",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          },
          "Query": {
            "name": "q",
            "in": "query",
            "required": false,
            "description": "Only entries whose message contains this text, case-insensitively (at most 256 UTF-8 bytes).",
            "schema": {
              "type": "string",
              "maxLength": 256
            }
          },
          "Pool": {
            "name": "pool",
            "in": "path",
            "required": true,
            "description": "The user pool id (`local_...` for the local pool); other ids are 404.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,55}$"
            }
          },
          "AmzTarget": {
            "name": "X-Amz-Target",
            "in": "header",
            "required": true,
            "description": "`AWSCognitoIdentityProviderService.<Operation>`.",
            "schema": {
              "type": "string",
              "pattern": "^AWSCognitoIdentityProviderService\\.[A-Za-z]+$"
            }
          }
        },
        "responses": {
          "BadRequest": {
            "description": "`invalid_request`: malformed JSON, wrong types, unknown fields, a bad severity, an empty message, a timestamp out of range, bad attributes, a bad `Idempotency-Key`, `limit`, time or `cursor`.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/XRequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "Unauthenticated": {
            "description": "`unauthenticated`: a missing, malformed, forged, expired or foreign token.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/XRequestId"
              },
              "WWW-Authenticate": {
                "$ref": "#/components/headers/WWWAuthenticateBearer"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "Forbidden": {
            "description": "`forbidden`: the token's role does not allow this (a `reader` writing, a `writer` reading; groups that are not exactly `writer`, `reader` or `admin` grant nothing).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/XRequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "NotFound": {
            "description": "`not_found`.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/XRequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "Conflict": {
            "description": "`conflict`: an entry `id` already stored with a different entry, or an `Idempotency-Key` already used with a different body.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/XRequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "PayloadTooLarge": {
            "description": "`payload_too_large`: the body, a message, the number of entries, an entry's attributes (count or value size) or all messages and attributes together exceed a limit (named in the message).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/XRequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "UnsupportedMediaType": {
            "description": "`unsupported_media_type`: a body with a non-JSON `Content-Type`.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/XRequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "TooManyRequests": {
            "description": "`too_many_requests`: the caller holds its share of a bounded resource (requests in progress and waiting, request bodies held, live tails, text searches) while others are served, or too many failed logins. Retry after `Retry-After` seconds.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/XRequestId"
              },
              "Retry-After": {
                "$ref": "#/components/headers/RetryAfter"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "ServiceUnavailable": {
            "description": "`overloaded`, `timeout` or `unavailable`: retry after `Retry-After` seconds.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/XRequestId"
              },
              "Retry-After": {
                "$ref": "#/components/headers/RetryAfter"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "InternalError": {
            "description": "`internal_error`: a bug; the service log has the details.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/XRequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        },
        "schemas": {
          "Error": {
            "type": "object",
            "description": "The error body of the REST API.",
            "required": [
              "error"
            ],
            "properties": {
              "error": {
                "type": "object",
                "required": [
                  "code",
                  "message"
                ],
                "properties": {
                  "code": {
                    "type": "string",
                    "description": "Stable: invalid_request, invalid_password, unauthenticated, forbidden, not_found, method_not_allowed, conflict, key_destroyed, payload_too_large, unsupported_media_type, too_many_requests, budget_exceeded (JSON-RPC calls only), overloaded, timeout, unavailable, decryption_failed, internal_error; cancelled (status 499: the client went away; only in metrics and logs)."
                  },
                  "message": {
                    "type": "string",
                    "description": "What was wrong and where; never echoes the input."
                  }
                }
              }
            }
          },
          "Severity": {
            "type": "string",
            "description": "debug, info, warning, error or critical, case-insensitive, or an alias: trace and verbose (debug); information, informational and notice (info); warn (warning); err (error); crit, fatal, alert, emergency, emerg and panic (critical).",
            "pattern": "^(?:[Dd][Ee][Bb][Uu][Gg]|[Ii][Nn][Ff][Oo]|[Ww][Aa][Rr][Nn][Ii][Nn][Gg]|[Ee][Rr][Rr][Oo][Rr]|[Cc][Rr][Ii][Tt][Ii][Cc][Aa][Ll]|[Tt][Rr][Aa][Cc][Ee]|[Vv][Ee][Rr][Bb][Oo][Ss][Ee]|[Ii][Nn][Ff][Oo][Rr][Mm][Aa][Tt][Ii][Oo][Nn]|[Ii][Nn][Ff][Oo][Rr][Mm][Aa][Tt][Ii][Oo][Nn][Aa][Ll]|[Nn][Oo][Tt][Ii][Cc][Ee]|[Ww][Aa][Rr][Nn]|[Ee][Rr][Rr]|[Cc][Rr][Ii][Tt]|[Ff][Aa][Tt][Aa][Ll]|[Aa][Ll][Ee][Rr][Tt]|[Ee][Mm][Ee][Rr][Gg][Ee][Nn][Cc][Yy]|[Ee][Mm][Ee][Rr][Gg]|[Pp][Aa][Nn][Ii][Cc])$"
          },
          "Entry": {
            "type": "object",
            "description": "A log entry to store. Fields other than these are rejected.",
            "additionalProperties": false,
            "required": [
              "severity",
              "message"
            ],
            "properties": {
              "severity": {
                "$ref": "#/components/schemas/Severity"
              },
              "message": {
                "type": "string",
                "minLength": 1,
                "maxLength": 262144,
                "description": "The message, 1 to 262,144 UTF-8 bytes (`ingest.max_message_bytes`; over it: 413). Encrypted at rest."
              },
              "timestamp": {
                "type": "string",
                "format": "date-time",
                "description": "When it happened (RFC 3339), at most 14 days before and 2 hours after the server's time; the server's time when absent."
              },
              "attributes": {
                "type": "object",
                "description": "Up to 32 string attributes.",
                "maxProperties": 32,
                "propertyNames": {
                  "pattern": "^[A-Za-z0-9_.:/-]{1,128}$"
                },
                "additionalProperties": {
                  "type": "string",
                  "maxLength": 1024,
                  "description": "At most 1024 UTF-8 bytes."
                }
              },
              "id": {
                "type": "string",
                "pattern": "^[A-Za-z0-9._:-]{1,128}$",
                "description": "The client's id for the entry, unique in the tenant: an entry re-sent with an id already stored is not stored again (the first reference is returned); the same id with a different entry is 409. Distinct within one batch (else 400). When absent, a version-7 UUID (RFC 9562), which starts with the time in milliseconds."
              }
            }
          },
          "EntrySubmission": {
            "description": "One entry, a JSON array of entries, or `{\"entries\": [...]}`.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/Entry"
              },
              {
                "type": "array",
                "minItems": 1,
                "maxItems": 10000,
                "items": {
                  "$ref": "#/components/schemas/Entry"
                }
              },
              {
                "$ref": "#/components/schemas/EntryBatch"
              }
            ]
          },
          "EntryBatch": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "entries"
            ],
            "properties": {
              "entries": {
                "type": "array",
                "minItems": 1,
                "maxItems": 10000,
                "items": {
                  "$ref": "#/components/schemas/Entry"
                }
              }
            }
          },
          "StoredEntry": {
            "type": "object",
            "description": "Where an entry landed.",
            "required": [
              "id",
              "timestamp"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "timestamp": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "StoredBatch": {
            "type": "object",
            "required": [
              "count",
              "entries"
            ],
            "properties": {
              "count": {
                "type": "integer",
                "minimum": 0
              },
              "entries": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/StoredEntry"
                }
              }
            }
          },
          "LogEntry": {
            "type": "object",
            "description": "A stored entry. One that cannot be decrypted has `message: null` and an `error` (`decryption_failed`, or `key_destroyed` after the tenant was crypto-shredded).",
            "required": [
              "id",
              "timestamp",
              "severity",
              "message"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "timestamp": {
                "type": "string",
                "format": "date-time"
              },
              "severity": {
                "type": "string",
                "enum": [
                  "debug",
                  "info",
                  "warning",
                  "error",
                  "critical"
                ]
              },
              "message": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "attributes": {
                "type": "object",
                "additionalProperties": {
                  "type": "string"
                }
              },
              "error": {
                "type": "object",
                "required": [
                  "code",
                  "message"
                ],
                "properties": {
                  "code": {
                    "type": "string"
                  },
                  "message": {
                    "type": "string"
                  }
                }
              }
            }
          },
          "LogPage": {
            "type": "object",
            "required": [
              "logs",
              "nextCursor"
            ],
            "properties": {
              "logs": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/LogEntry"
                }
              },
              "nextCursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "null on the last page."
              }
            }
          },
          "QueryParams": {
            "type": "object",
            "description": "The query of `logs.query`, as the query parameters of `GET /logs`.",
            "additionalProperties": false,
            "properties": {
              "limit": {
                "type": "integer",
                "minimum": 1,
                "maximum": 1000
              },
              "severity": {
                "$ref": "#/components/schemas/Severity"
              },
              "since": {
                "type": "string",
                "format": "date-time"
              },
              "until": {
                "type": "string",
                "format": "date-time"
              },
              "cursor": {
                "type": "string",
                "minLength": 1
              },
              "q": {
                "type": "string",
                "maxLength": 256
              }
            }
          },
          "RPCId": {
            "description": "The call's id, echoed in its response.",
            "type": [
              "string",
              "number",
              "null"
            ]
          },
          "RPCRequest": {
            "description": "A JSON-RPC 2.0 request; without `id` it is a notification.",
            "oneOf": [
              {
                "type": "object",
                "title": "logs.put",
                "additionalProperties": false,
                "required": [
                  "jsonrpc",
                  "method",
                  "params"
                ],
                "properties": {
                  "jsonrpc": {
                    "const": "2.0"
                  },
                  "method": {
                    "const": "logs.put"
                  },
                  "params": {
                    "$ref": "#/components/schemas/Entry"
                  },
                  "id": {
                    "$ref": "#/components/schemas/RPCId"
                  }
                }
              },
              {
                "type": "object",
                "title": "logs.putBatch",
                "additionalProperties": false,
                "required": [
                  "jsonrpc",
                  "method",
                  "params"
                ],
                "properties": {
                  "jsonrpc": {
                    "const": "2.0"
                  },
                  "method": {
                    "const": "logs.putBatch"
                  },
                  "params": {
                    "$ref": "#/components/schemas/EntryBatch"
                  },
                  "id": {
                    "$ref": "#/components/schemas/RPCId"
                  }
                }
              },
              {
                "type": "object",
                "title": "logs.query",
                "additionalProperties": false,
                "required": [
                  "jsonrpc",
                  "method"
                ],
                "properties": {
                  "jsonrpc": {
                    "const": "2.0"
                  },
                  "method": {
                    "const": "logs.query"
                  },
                  "params": {
                    "$ref": "#/components/schemas/QueryParams"
                  },
                  "id": {
                    "$ref": "#/components/schemas/RPCId"
                  }
                }
              }
            ]
          },
          "RPCResponse": {
            "type": "object",
            "description": "A JSON-RPC 2.0 response: `result` on success, else `error`.",
            "required": [
              "jsonrpc",
              "id"
            ],
            "properties": {
              "jsonrpc": {
                "const": "2.0"
              },
              "id": {
                "$ref": "#/components/schemas/RPCId"
              },
              "result": {
                "description": "`logs.put`: a StoredEntry; `logs.putBatch`: a StoredBatch; `logs.query`: a LogPage."
              },
              "error": {
                "$ref": "#/components/schemas/RPCError"
              }
            },
            "oneOf": [
              {
                "required": [
                  "result"
                ]
              },
              {
                "required": [
                  "error"
                ]
              }
            ]
          },
          "RPCError": {
            "type": "object",
            "required": [
              "code",
              "message"
            ],
            "properties": {
              "code": {
                "type": "integer"
              },
              "message": {
                "type": "string"
              },
              "data": {
                "description": "For our errors: `{\"code\": <REST error code>, \"retry_after\"?: <seconds>}`."
              }
            }
          },
          "Health": {
            "type": "object",
            "required": [
              "status"
            ],
            "properties": {
              "status": {
                "type": "string",
                "enum": [
                  "ok"
                ]
              }
            }
          },
          "JWKS": {
            "type": "object",
            "required": [
              "keys"
            ],
            "properties": {
              "keys": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/JWK"
                }
              }
            }
          },
          "JWK": {
            "type": "object",
            "description": "A public key (RSA for RS256, EC P-256 for ES256).",
            "required": [
              "kty",
              "kid"
            ],
            "properties": {
              "kty": {
                "type": "string"
              },
              "kid": {
                "type": "string"
              },
              "alg": {
                "type": "string"
              },
              "use": {
                "type": "string"
              },
              "n": {
                "type": "string"
              },
              "e": {
                "type": "string"
              },
              "crv": {
                "type": "string"
              },
              "x": {
                "type": "string"
              },
              "y": {
                "type": "string"
              }
            }
          },
          "CognitoError": {
            "type": "object",
            "required": [
              "__type"
            ],
            "properties": {
              "__type": {
                "type": "string",
                "description": "For example NotAuthorizedException, InvalidParameterException, TooManyRequestsException."
              },
              "message": {
                "type": "string"
              }
            }
          },
          "TokenRequest": {
            "type": "object",
            "required": [
              "grant_type"
            ],
            "properties": {
              "grant_type": {
                "type": "string",
                "enum": [
                  "client_credentials"
                ]
              },
              "scope": {
                "type": "string",
                "pattern": "^logs/write( logs/write)*$"
              },
              "client_id": {
                "type": "string",
                "description": "Only without HTTP Basic."
              },
              "client_secret": {
                "type": "string",
                "description": "Only without HTTP Basic."
              }
            }
          },
          "AccessToken": {
            "type": "object",
            "required": [
              "access_token",
              "expires_in",
              "token_type"
            ],
            "properties": {
              "access_token": {
                "type": "string"
              },
              "expires_in": {
                "type": "integer",
                "description": "Seconds."
              },
              "token_type": {
                "type": "string",
                "enum": [
                  "Bearer"
                ]
              }
            }
          },
          "OAuthError": {
            "type": "object",
            "description": "An RFC 6749 error.",
            "required": [
              "error"
            ],
            "properties": {
              "error": {
                "type": "string",
                "enum": [
                  "invalid_request",
                  "invalid_client",
                  "unsupported_grant_type",
                  "invalid_scope",
                  "slow_down",
                  "temporarily_unavailable",
                  "server_error"
                ]
              },
              "error_description": {
                "type": "string"
              }
            }
          }
        }
      }
    }
    """#
}
