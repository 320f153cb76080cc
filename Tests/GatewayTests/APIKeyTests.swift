@testable import Auth
import Composition
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Model
import TestSupport
import Testing

private func write(_ client: any TestClientProtocol, _ credential: String, _ message: String = "m") async throws -> TestResponse {
    try await client.execute(uri: "/logs", method: .post, headers: headers(credential),
                             body: ByteBuffer(string: #"{"severity": "info", "message": "\#(message)"}"#))
}

private func read(_ client: any TestClientProtocol, _ credential: String) async throws -> TestResponse {
    try await client.execute(uri: "/logs", method: .get, headers: headers(credential, contentType: nil))
}

/// The messages a credential reads back, newest first.
private func messages(_ client: any TestClientProtocol, _ credential: String) async throws -> [String] {
    let response = try await read(client, credential)
    #expect(response.status == .ok)
    return (try json(response.body)["logs"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
}

private func errorMessage(_ response: TestResponse) throws -> String {
    try #require((try json(response.body)["error"] as? [String: Any])?["message"] as? String)
}

private func admin(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String = "", credential: String?,
                   body: String? = nil, contentType: String = "application/json") async throws -> TestResponse {
    try await client.execute(uri: "/admin/api-keys" + path, method: method,
                             headers: headers(credential, contentType: body == nil ? nil : contentType),
                             body: body.map { ByteBuffer(string: $0) })
}

/// The value of one series in a Prometheus text exposition (0 when absent).
private func metric(_ series: String, in text: String) -> Double {
    for line in text.split(separator: "\n") where line.hasPrefix(series + " ") { return Double(line.dropFirst(series.count + 1)) ?? 0 }
    return 0
}

/// A writer key of `tenant` that expired a second ago (the shortest lifetime a key can be given is a minute), stored as
/// `APIKeyring.create` stores keys; returns the key.
private func storeExpiredKey(in pool: UserPool, tenant: String) async throws -> String {
    let key = try APIKeyText.generate()
    let now = Timestamp.now().microseconds
    let record = APIKeyRecord(id: key.id, hash: try await pool.apiKeyring.hash(key), tenant: try #require(TenantID(tenant)), role: .writer,
                              name: "", createdAt: Timestamp(microseconds: now - 61_000_000),
                              expiresAt: Timestamp(microseconds: now - 1_000_000), revokedAt: nil, lastUsedAt: nil)
    try await pool.store.insert(record, activeLimit: APIKeyring.maxKeysPerTenant)
    pool.apiKeyring.note(record)
    return key.text
}

@Suite("API keys over HTTP")
struct APIKeyHTTPTests {
    @Test("a writer key stores in its tenant and may not read; a reader key reads it and may not store; bare or Bearer")
    func rolesAndTenant() async throws {
        try await withService { client, adminToken, pool in
            let writer = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(role: .writer)).key
            let reader = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(role: .reader)).key
            #expect(try await write(client, writer, "from the writer key").status == .created)
            #expect(try await write(client, "Bearer \(writer)", "with Bearer").status == .created)
            let refusedRead = try await read(client, writer)
            #expect(refusedRead.status == .forbidden)
            #expect(try errorMessage(refusedRead).hasSuffix("this API key's role is writer"))
            #expect(try await write(client, reader).status == .forbidden)
            #expect(try await messages(client, "bearer \(reader)") == ["with Bearer", "from the writer key"])
            #expect(try await messages(client, adminToken).isEmpty, "the admin's tenant is default, not acme")
        }
    }

    @Test("a key of one tenant never reads or writes another's")
    func tenantIsolation() async throws {
        try await withService { client, _, pool in
            let acme = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(role: .admin)).key
            let globex = try await pool.apiKeyring.create(tenant: "globex", NewAPIKey(role: .admin)).key
            #expect(try await write(client, acme, "acme only").status == .created)
            #expect(try await write(client, globex, "globex only").status == .created)
            #expect(try await messages(client, acme) == ["acme only"])
            #expect(try await messages(client, globex) == ["globex only"])
        }
    }

    @Test("a wrong, unknown, malformed, revoked or expired key is 401 without echoing it, stores nothing, and is counted by reason")
    func refusedKeys() async throws {
        try await withService { client, _, pool in
            let good = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(role: .admin)).key
            let revoked = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey())
            try await pool.apiKeyring.revoke(revoked.summary.id, of: nil)
            let expired = try await storeExpiredKey(in: pool, tenant: "acme")
            let id = String(good.dropFirst(4).prefix(16)), secret = String(good.suffix(43))
            // Another first character keeps the secret canonical base64url (its last character carries the padding bits).
            let otherSecret = (secret.first == "A" ? "B" : "A") + String(secret.dropFirst())
            let wrong = "lsk_\(id)_" + otherSecret
            let before = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            let cases: [(String, String)] = [
                (wrong, "api_key_wrong_secret"), ("lsk_aaaaaaaaaaaaaaaa_\(secret)", "api_key_unknown"),
                ("lsk_\(id)", "api_key_malformed"), (revoked.key, "api_key_revoked"), (expired, "api_key_expired"),
            ]
            for (credential, _) in cases {
                let refused = try await write(client, credential, "must not be stored")
                #expect(refused.status == .unauthorized)
                #expect(try errorCode(refused.body) == "unauthenticated")
                #expect(refused.headers[.wwwAuthenticate] == "Bearer")
                let message = try errorMessage(refused)
                #expect(!message.contains(secret) && !message.contains(otherSecret) && !message.contains(credential))
            }
            let after = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            for (_, reason) in cases {
                let series = #"logsvc_auth_failures_total{reason="\#(reason)"}"#
                #expect(metric(series, in: after) >= metric(series, in: before) + 1, "\(reason) counted")
            }
            #expect(try await messages(client, good).isEmpty, "a refused key stored nothing")
        }
    }

    @Test("an admin lists, creates and revokes its tenant's keys over REST; the key is shown once and works at once")
    func administration() async throws {
        try await withService { client, adminToken, _ in
            let created = try await admin(client, .post, credential: adminToken,
                                          body: #"{"name": "ci pipeline", "role": "reader", "expires_in_seconds": 7776000}"#)
            #expect(created.status == .created)
            #expect(created.headers[.cacheControl] == "no-store")
            let body = try json(created.body)
            let key = try #require(body["key"] as? String)
            let id = try #require(body["id"] as? String)
            #expect(key.hasPrefix("lsk_\(id)_"))
            #expect(body["tenant"] as? String == "default" && body["role"] as? String == "reader" && body["name"] as? String == "ci pipeline")
            #expect(body["expires_at"] is String && body["last_used_at"] is NSNull)
            #expect(try await read(client, key).status == .ok)
            let listed = try await admin(client, .get, credential: adminToken)
            #expect(listed.status == .ok)
            #expect(!String(buffer: listed.body).contains(String(key.suffix(43))), "a list never shows a secret")
            let keys = try #require(try json(listed.body)["api_keys"] as? [[String: Any]])
            #expect(keys.map { $0["id"] as? String } == [id])
            #expect(keys.first?["last_used_at"] is String, "the use just made is listed")
            #expect(try await admin(client, .delete, "/\(id)", credential: adminToken).status == .noContent)
            #expect(try await read(client, key).status == .unauthorized)
            let again = try await admin(client, .delete, "/\(id)", credential: adminToken)
            #expect(again.status == .notFound)
            #expect(try errorCode(again.body) == "not_found")
            let empty = try await admin(client, .post, credential: adminToken, body: "{}")
            #expect(empty.status == .created)
            let defaults = try json(empty.body)
            #expect(defaults["role"] as? String == "writer" && defaults["name"] as? String == "" && defaults["expires_at"] is NSNull)
        }
    }

    @Test("without the admin role every admin route is 403, before a body is read; another tenant's key is 404 and never listed")
    func administrationIsTenantScopedAndAdminOnly() async throws {
        try await withService { client, adminToken, pool in
            let acmeAdmin = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(role: .admin)).key
            let defaultKey = try await pool.apiKeyring.create(tenant: "default", NewAPIKey(name: "default key"))
            for role in [Role.writer, .reader] {
                let key = try await pool.apiKeyring.create(tenant: "default", NewAPIKey(role: role)).key
                for (method, path, body) in [(HTTPRequest.Method.get, "", nil), (.post, "", "not even json"),
                                             (.delete, "/\(defaultKey.summary.id)", nil)] as [(HTTPRequest.Method, String, String?)] {
                    let refused = try await admin(client, method, path, credential: key, body: body)
                    #expect(refused.status == .forbidden, "\(role) \(method) \(path)")
                    #expect(try errorMessage(refused) == "this caller may not administer its tenant: that needs the admin role")
                }
            }
            let listed = try await admin(client, .get, credential: acmeAdmin)
            let tenants = try #require(try json(listed.body)["api_keys"] as? [[String: Any]]).compactMap { $0["tenant"] as? String }
            #expect(tenants == ["acme"], "only the acme admin key itself is listed")
            let foreign = try await admin(client, .delete, "/\(defaultKey.summary.id)", credential: acmeAdmin)
            #expect(foreign.status == .notFound)
            #expect(!(try errorMessage(foreign)).contains("default"))
            #expect(try await write(client, defaultKey.key).status == .created, "the other tenant's key still works")
            #expect(try await admin(client, .delete, "/\(defaultKey.summary.id)", credential: adminToken).status == .noContent)
            #expect(try await admin(client, .get, credential: nil).status == .unauthorized)
        }
    }

    @Test("a creation body outside the rules is 400 naming the rule; a body that is not JSON is 415", arguments: [
        #"{"name": "x", "color": "red"}"#, #"{"role": "Admin"}"#, #"{"role": 1}"#, #"{"expires_in_seconds": "90d"}"#,
        #"{"expires_in_seconds": 1.5}"#, #"{"expires_in_seconds": 10}"#, #"{"name": "a\u0007b"}"#, #"{"name": "x", "name": "y"}"#,
        #"{"name": ""}"#, #"[]"#, #"{"#,
    ])
    func badBodies(body: String) async throws {
        try await withServer { client, adminToken in
            let refused = try await admin(client, .post, credential: adminToken, body: body)
            #expect(refused.status == .badRequest, "\(body)")
            #expect(try errorCode(refused.body) == "invalid_request")
            let listed = try await admin(client, .get, credential: adminToken)
            #expect(try json(listed.body)["api_keys"] as? [Any] != nil)
            let textual = try await admin(client, .post, credential: adminToken, body: "{}", contentType: "text/plain")
            #expect(textual.status == .unsupportedMediaType)
        }
    }

    @Test("a key and its secret are in no log line of the service, even at trace level")
    func neverLogged() async throws {
        let recorder = LogRecorder()
        try await withService(logger: recorder.logger(level: .trace)) { client, adminToken, _ in
            let created = try await admin(client, .post, credential: adminToken, body: #"{"role": "writer"}"#)
            let key = try #require(try json(created.body)["key"] as? String)
            let id = try #require(try json(created.body)["id"] as? String)
            #expect(try await write(client, key).status == .created)
            #expect(try await read(client, key).status == .forbidden)
            #expect(try await write(client, String(key.dropLast(2)) + "AA").status == .unauthorized)
            #expect(try await admin(client, .delete, "/\(id)", credential: adminToken).status == .noContent)
            #expect(try await write(client, key).status == .unauthorized)
            let secret = String(key.suffix(43))
            #expect(!recorder.events.isEmpty)
            for event in recorder.events {
                let line = event.message + " " + event.metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                #expect(!line.contains(secret) && !line.contains(String(secret.prefix(20))), "logged: \(line)")
            }
        }
    }
}
