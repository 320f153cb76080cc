import Composition
import Config
import Foundation
import TestSupport
import Testing

private func write(_ yaml: String) throws -> String {
    let path = try Scratch.directory("logsvc-config-rules") + "/logsvc.yaml"
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("Configuration values are checked at start")
struct ConfigurationRulesTests {
    @Test("every bad value is refused at its line and key, saying what is allowed", arguments: [
        ("server:\n  port: 99999\n", 2, "server.port", "must be 0...65535, found 99999"),
        ("server:\n  port: -1\n", 2, "server.port", "must be 0...65535, found -1"),
        ("server:\n  max_connections: 0\n", 2, "server.max_connections", "must be 1 or more, found 0"),
        ("server:\n  max_connections_per_address: -1\n", 2, "server.max_connections_per_address", "must be 0 or more (0: no limit)"),
        ("server:\n  listen_backlog: 0\n", 2, "server.listen_backlog", "must be 1 or more, found 0"),
        ("server:\n  body_max_seconds: 5\n", 2, "server.body_max_seconds", "body_max_seconds (5) must be at least body_timeout_seconds (10)"),
        ("server:\n  host: \"\"\n", 2, "server.host", "must name an address"),
        ("log_level: loud\n", 1, "log_level",
         "\"loud\" is not one of the allowed values (trace, debug, info, notice, warning, error, critical)"),
        ("modules: [auth, billing]\n", 1, "modules", "\"billing\" is not one of the allowed values (auth, crypto, ingest, query)"),
        ("modules: []\n", 1, "modules", "must name at least one of auth, crypto, ingest, query"),
        ("storage:\n  backend: oracle\n", 2, "storage.backend", "is not one of the allowed values (sqlite, dynamodb)"),
        ("storage:\n  backend: dynamodb\n  dynamodb:\n    table: \"\"\n", 4, "storage.dynamodb.table", "must name the table"),
        ("storage:\n  dynamodb:\n    shards: 0\n", 3, "storage.dynamodb.shards", "must be 1 or more, found 0"),
        ("retention:\n  days: -1\n", 2, "retention.days", "must be 0 or more (0: keep entries forever), found -1"),
        ("crypto:\n  keyring: aws_kms\n", 2, "crypto.keyring", "crypto.aws_kms.key_id must name the KMS key"),
        ("crypto:\n  keyring: aws_kms\n  aws_kms:\n    key_id: \"\"\n", 4, "crypto.aws_kms.key_id", "when crypto.keyring is aws_kms"),
        ("crypto:\n  data_key_cache:\n    max_messages: 5000000000\n", 3, "crypto.data_key_cache.max_messages",
         "must be 1...4294967296, found 5000000000"),
        ("auth:\n  token_lifetime_seconds: 0\n", 2, "auth.token_lifetime_seconds", "must be 1 or more, found 0"),
        ("auth:\n  clock_leeway_seconds: -60\n", 2, "auth.clock_leeway_seconds", "must be 0 or more, found -60"),
        ("auth:\n  password_policy:\n    minimum_length: 0\n", 3, "auth.password_policy.minimum_length", "must be 1...256, found 0"),
        ("auth:\n  password_hash_iterations: 999\n", 2, "auth.password_hash_iterations", "must be 1000...10000000, found 999"),
        ("auth:\n  lockout:\n    slow_address_after_failures: 0\n", 3, "auth.lockout.slow_address_after_failures",
         "must be 1 or more, found 0"),
        ("auth:\n  lockout:\n    window_seconds: 0\n", 3, "auth.lockout.window_seconds", "must be 1 or more, found 0"),
        ("auth:\n  issuers:\n    - {issuer: x, jwks_url: \"file:///etc/keys\", client_ids: [a]}\n", 3, "auth.issuers[0].jwks_url",
         "must be an http:// or https:// URL"),
        ("gateway:\n  max_body_bytes: 16777216\n", 2, "gateway.max_body_bytes",
         "max_pending_body_bytes (8388608) must be at least max_body_bytes (16777216)"),
        ("gateway:\n  tail:\n    max_clients: 0\n", 3, "gateway.tail.max_clients", "must be 1 or more, found 0"),
        ("gateway:\n  rpc:\n    max_batch_calls: 0\n", 3, "gateway.rpc.max_batch_calls", "must be 1 or more, found 0"),
        ("ingest:\n  max_batch_entries: -5\n", 2, "ingest.max_batch_entries", "must be 1 or more, found -5"),
        ("ingest:\n  max_message_bytes: 2097152\n", 2, "ingest.max_message_bytes",
         "max_batch_message_bytes (1048576) must be at least max_message_bytes (2097152)"),
        ("ingest:\n  max_attributes: -1\n", 2, "ingest.max_attributes", "must be 0 or more (0: entries carry no attributes)"),
        ("ingest:\n  index:\n    fields: [service.name, time]\n", 3, "ingest.index.fields",
         "\"time\" is not a field an index can hold: name an attribute"),
        ("ingest:\n  index:\n    fields: [attributes.]\n", 3, "ingest.index.fields", "\"attributes.\" is not a field an index can hold"),
        ("ingest:\n  index:\n    tenants: {\"no tenant!\": [user.id]}\n", 3, "ingest.index.tenants.no tenant!", "is not a tenant id"),
        ("ingest:\n  index:\n    tenants: {acme: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o]}\n", 3, "ingest.index.tenants.acme",
         "a tenant's entries are indexed by at most 16 fields, with those of index.fields"),
        ("query:\n  max_limit: 50\n", 2, "query.max_limit", "default_limit (100) must be 1...max_limit (50)"),
        ("query:\n  default_limit: 0\n", 2, "query.default_limit", "default_limit (0) must be 1...max_limit (1000)"),
        ("query:\n  max_concurrent_scans: 0\n", 2, "query.max_concurrent_scans", "must be 1 or more, found 0"),
        ("bus:\n  routes:\n    ingest.put: {module: ingest, concurrency: 0, queue: 1, timeout_ms: 1}\n", 3,
         "bus.routes.ingest.put.concurrency", "must be 1 or more, found 0"),
        ("bus:\n  routes:\n    ingest.put: {module: billing, concurrency: 1, queue: 1, timeout_ms: 1}\n", 3,
         "bus.routes.ingest.put.module", "is not one of the allowed values (auth, crypto, ingest, query)"),
        ("bus:\n  routes:\n    ingest.get: {module: ingest, concurrency: 1, queue: 1, timeout_ms: 1}\n", 3,
         "bus.routes.ingest.get", "is not a topic (topics are auth.verify,"),
    ])
    func refused(yaml: String, line: Int, key: String, allowed: String) throws {
        let path = try write(yaml)
        let error = #expect(throws: ConfigError.self) { try ConfigurationLoader.load(path: path) }
        #expect(error?.file == path, "\(yaml)")
        #expect(error?.line == line, "\(yaml)")
        #expect(error?.keyPath == key, "\(yaml)")
        #expect(error?.message.contains(allowed) == true, "\(error?.message ?? "accepted"): \(yaml)")
    }

    @Test("the --port and --host flags are checked like the file, and named as the source")
    func flags() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigurationLoader.load(path: nil, overrides: [ConfigOverride(keyPath: ["server", "port"], value: "99999", source: "--port")])
        }
        #expect(error?.description == "--port: server.port: must be 0...65535, found 99999")
        #expect(throws: ConfigError.self) {
            try ConfigurationLoader.load(path: nil, overrides: [ConfigOverride(keyPath: ["server", "host"], value: "", source: "--host")])
        }
    }

    @Test("the embedded defaults and every shipped profile pass the checks")
    func shippedProfiles() throws {
        _ = try ConfigurationLoader.load(path: nil)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let environment = [
            "LOGSVC_TABLE": "logs", "AWS_REGION": "us-east-1", "LOGSVC_KMS_KEY_ID": "alias/logsvc",
            "LOGSVC_COGNITO_ISSUER": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_A",
            "LOGSVC_COGNITO_JWKS_URL": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_A/.well-known/jwks.json",
            "LOGSVC_COGNITO_CLIENT_ID": "client",
        ]
        for profile in ["lambda-ingest", "lambda-query", "lambda-rpc"] {
            _ = try ConfigurationLoader.load(path: repository.appendingPathComponent("config/\(profile).yaml").path,
                                             environment: environment)
        }
    }
}
