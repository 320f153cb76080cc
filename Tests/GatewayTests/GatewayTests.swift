@testable import Auth
import CryptoPrimitives
import Composition
import Gateway
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import TestSupport
import Testing

@Suite("The REST gateway")
struct GatewayTests {
    @Test("stores the seed's entry (201 with id and timestamp) and returns it from GET /logs")
    func seedJourney() async throws {
        try await withServer { client, token in
            let created = try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                                                   body: ByteBuffer(string: #"{"severity": "info", "message": "Test log entry"}"#))
            #expect(created.status == .created)
            let stored = try json(created.body)
            let id = try #require(stored["id"] as? String)
            #expect((stored["timestamp"] as? String)?.hasSuffix("Z") == true)
            let listed = try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
            #expect(listed.status == .ok)
            let body = try json(listed.body)
            let logs = try #require(body["logs"] as? [[String: Any]])
            #expect(logs.count == 1)
            #expect(logs[0]["id"] as? String == id)
            #expect(logs[0]["message"] as? String == "Test log entry")
            #expect(logs[0]["severity"] as? String == "info")
            #expect(body.keys.contains("nextCursor"))
            #expect(body["nextCursor"] is NSNull)
        }
    }

    @Test("accepts the token bare or as Bearer, and refuses a missing or bad one with 401 JSON")
    func authorizationHeader() async throws {
        try await withServer { client, token in
            for value in [token, "Bearer \(token)", "bearer  \(token)"] {
                let response = try await client.execute(uri: "/logs", method: .get, headers: headers(value, contentType: nil))
                #expect(response.status == .ok)
            }
            for value in [nil, "", "Bearer", "Bearer x.y.z", String(token.dropLast(2)), "Basic YWRtaW46cGFzcw=="] {
                let response = try await client.execute(uri: "/logs", method: .post, headers: headers(value),
                                                        body: ByteBuffer(string: #"{"severity":"info","message":"m"}"#))
                #expect(response.status == .unauthorized)
                #expect(try errorCode(response.body) == "unauthenticated")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            let listed = try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
            #expect((try json(listed.body)["logs"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("answers malformed or mistyped bodies with 400 and a message naming the field", arguments: [
        ("{not json", "not valid JSON"),
        (#"{"severity": 5, "message": "x"}"#, "`severity`"),
        (#"{"severity": "info"}"#, "`message`"),
        (#"{"severity": "info", "message": "x", "extra": 1}"#, "extra"),
        (#"[{"severity": "info", "message": "x"}, {"severity": "info", "message": null}]"#, "[1]"),
        (#"{"severity": "shouting", "message": "x"}"#, "severity"),
        (#""just a string""#, "body"),
    ])
    func badBodies(body: String, mentions: String) async throws {
        try await withServer { client, token in
            let response = try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                                                    body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(try errorCode(response.body) == "invalid_request")
            let message = try #require((try json(response.body)["error"] as? [String: Any])?["message"] as? String)
            #expect(message.contains(mentions), "\(message)")
        }
    }

    @Test("stores a JSON array or an entries object as one batch, and nothing when one entry is bad")
    func batches() async throws {
        try await withServer { client, token in
            let bad = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(
                string: #"[{"severity": "info", "message": "a"}, {"severity": "nope", "message": "b"}]"#))
            #expect(bad.status == .badRequest)
            let array = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(
                string: #"[{"severity": "info", "message": "a"}, {"severity": "error", "message": "b"}]"#))
            #expect(array.status == .created)
            #expect(try json(array.body)["count"] as? Int == 2)
            let object = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(
                string: #"{"entries": [{"severity": "debug", "message": "c"}]}"#))
            #expect(object.status == .created)
            let listed = try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
            let logs = try #require(try json(listed.body)["logs"] as? [[String: Any]])
            #expect(logs.compactMap { $0["message"] as? String } == ["c", "b", "a"])
        }
    }

    @Test("refuses bodies over max_body_bytes with 413 and non-JSON content types with 415")
    func bodyLimits() async throws {
        try await withServer({ $0.gateway.maxBodyBytes = 1024 }) { client, token in
            let large = #"{"severity": "info", "message": "\#(String(repeating: "x", count: 2000))"}"#
            let response = try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                                                    body: ByteBuffer(string: large))
            #expect(response.status == .contentTooLarge)
            #expect(try errorCode(response.body) == "payload_too_large")
            let form = try await client.execute(uri: "/logs", method: .post,
                                                headers: headers(token, contentType: "application/x-www-form-urlencoded"),
                                                body: ByteBuffer(string: "a=b"))
            #expect(form.status == .unsupportedMediaType)
        }
    }

    @Test("pages GET /logs with limit and nextCursor, and rejects a non-numeric limit")
    func paging() async throws {
        try await withServer { client, token in
            let body = "[" + (0..<5).map { #"{"severity": "info", "message": "m\#($0)"}"# }.joined(separator: ",") + "]"
            _ = try await client.execute(uri: "/logs", method: .post, headers: headers(token), body: ByteBuffer(string: body))
            let first = try json(try await client.execute(uri: "/logs?limit=3", method: .get, headers: headers(token, contentType: nil)).body)
            #expect((first["logs"] as? [[String: Any]])?.compactMap { $0["message"] as? String } == ["m4", "m3", "m2"])
            let cursor = try #require(first["nextCursor"] as? String)
            let second = try json(try await client.execute(uri: "/logs?limit=3&cursor=\(cursor)", method: .get,
                                                           headers: headers(token, contentType: nil)).body)
            #expect((second["logs"] as? [[String: Any]])?.compactMap { $0["message"] as? String } == ["m1", "m0"])
            #expect(second["nextCursor"] is NSNull)
            let bad = try await client.execute(uri: "/logs?limit=ten", method: .get, headers: headers(token, contentType: nil))
            #expect(bad.status == .badRequest)
        }
    }

    @Test("serves /healthz and the JWKS without a token, and unknown routes as 404 JSON")
    func publicRoutes() async throws {
        try await withServer { client, _ in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            let jwks = try json(try await client.execute(uri: "/.well-known/jwks.json", method: .get).body)
            let keys = try #require(jwks["keys"] as? [[String: Any]])
            #expect(keys.first?["alg"] as? String == "RS256")
            #expect(keys.first?["kid"] is String)
            let missing = try await client.execute(uri: "/nowhere", method: .get)
            #expect(missing.status == .notFound)
            #expect(try errorCode(missing.body) == "not_found")
        }
    }

    @Test("maps a topic no hosted module serves to 503 with Retry-After")
    func unavailableModule() async throws {
        try await withServer({ $0.modules = ["auth", "ingest", "crypto"] }) { client, token in
            let response = try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            #expect(try errorCode(response.body) == "unavailable")
        }
    }

    @Test("speaks Cognito's wire protocol at POST /: x-amz-json content and __type errors")
    func cognitoWireProtocol() async throws {
        try await withService { client, _, pool in
            var headers: HTTPFields = [.contentType: "application/x-amz-json-1.1"]
            let target = try #require(HTTPField.Name("X-Amz-Target"))
            let missing = try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
            #expect(missing.status == .badRequest)
            #expect(try json(missing.body)["__type"] as? String == "UnsupportedOperationException")
            headers[target] = "AWSCognitoIdentityProviderService.InitiateAuth"
            let unknownClient = try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(
                string: #"{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"nope","AuthParameters":{"USERNAME":"a","PASSWORD":"b"}}"#))
            #expect(unknownClient.status == .badRequest)
            #expect(unknownClient.headers[.contentType] == "application/x-amz-json-1.1")
            #expect(try json(unknownClient.body)["__type"] as? String == "ResourceNotFoundException")
            let wrongPassword = try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(
                string: #"{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"\#(pool.clientID)","AuthParameters":{"USERNAME":"admin","PASSWORD":"Wr0ng-pass"}}"#))
            #expect(try json(wrongPassword.body)["__type"] as? String == "NotAuthorizedException")
            #expect(try json(wrongPassword.body)["message"] as? String == "Incorrect username or password.")
            #expect(wrongPassword.headers[try #require(HTTPField.Name("x-amzn-ErrorType"))] == "NotAuthorizedException")
            let garbage = try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: "{oops"))
            #expect(try json(garbage.body)["__type"] as? String == "InvalidParameterException")
        }
    }

    @Test("publishes the JWKS under the pool id too, and 404 for another pool")
    func poolJWKS() async throws {
        try await withService { client, _, pool in
            let mine = try await client.execute(uri: "/\(pool.userPoolID)/.well-known/jwks.json", method: .get)
            #expect(mine.status == .ok)
            #expect((try json(mine.body)["keys"] as? [Any])?.count == 1)
            let other = try await client.execute(uri: "/us-east-1_other/.well-known/jwks.json", method: .get)
            #expect(other.status == .notFound)
        }
    }

    @Test("issues machine clients writer-only access tokens at POST /oauth2/token, with RFC 6749 errors")
    func clientCredentialsGrant() async throws {
        try await withService { client, _, pool in
            let machine = try await pool.createClient(tenant: "acme")
            let basic = Data("\(machine.clientID):\(machine.clientSecret)".utf8).base64EncodedString()
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .authorization: "Basic \(basic)"]
            let issued = try await client.execute(uri: "/oauth2/token", method: .post, headers: headers,
                                                  body: ByteBuffer(string: "grant_type=client_credentials&scope=logs%2Fwrite"))
            #expect(issued.status == .ok)
            #expect(issued.headers[.cacheControl] == "no-store")
            let token = try #require(try json(issued.body)["access_token"] as? String)
            #expect(try json(issued.body)["token_type"] as? String == "Bearer")
            let stored = try await client.execute(uri: "/logs", method: .post, headers: GatewayTests.bearer(token),
                                                  body: ByteBuffer(string: #"{"severity": "info", "message": "from a machine"}"#))
            #expect(stored.status == .created)
            let read = try await client.execute(uri: "/logs", method: .get, headers: GatewayTests.bearer(token))
            #expect(read.status == .forbidden)
            let wrongGrant = try await client.execute(uri: "/oauth2/token", method: .post, headers: headers,
                                                      body: ByteBuffer(string: "grant_type=password&username=a&password=b"))
            #expect(wrongGrant.status == .badRequest)
            #expect(try json(wrongGrant.body)["error"] as? String == "unsupported_grant_type")
            let badScope = try await client.execute(uri: "/oauth2/token", method: .post, headers: headers,
                                                    body: ByteBuffer(string: "grant_type=client_credentials&scope=logs%2Fread"))
            #expect(try json(badScope.body)["error"] as? String == "invalid_scope")
            headers[.authorization] = "Basic " + Data("\(machine.clientID):wrong".utf8).base64EncodedString()
            let wrongSecret = try await client.execute(uri: "/oauth2/token", method: .post, headers: headers,
                                                       body: ByteBuffer(string: "grant_type=client_credentials"))
            #expect(wrongSecret.status == .unauthorized)
            #expect(try json(wrongSecret.body)["error"] as? String == "invalid_client")
            #expect(wrongSecret.headers[.wwwAuthenticate] == "Basic")
            headers[.authorization] = nil
            let anonymous = try await client.execute(uri: "/oauth2/token", method: .post, headers: headers,
                                                     body: ByteBuffer(string: "grant_type=client_credentials"))
            #expect(anonymous.status == .unauthorized)
        }
    }

    static func bearer(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }

    @Test("rejects every forged or foreign token with 401 over HTTP and writes nothing")
    func attackSuite() async throws {
        let (other, _) = try await makeTestService()
        let foreign = try await #require(other.pool).idToken(for: "admin")
        try await withService { client, token, pool in
            let parts = token.split(separator: ".").map(String.init)
            let jwks = try json(try await client.execute(uri: "/.well-known/jwks.json", method: .get).body)
            let n = try #require((jwks["keys"] as? [[String: Any]])?.first?["n"] as? String)
            let modulus = try #require(Base64URL.decode(n))
            let payload = try #require(Base64URL.decode(parts[1]))
            var claims = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
            claims["custom:tenant"] = "victim"
            let forgedPayload = Base64URL.encode(Array(try JSONSerialization.data(withJSONObject: claims)))
            let noneHeader = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8))
            let hsHeader = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
            let hsInput = hsHeader + "." + parts[1]
            let hsToken = hsInput + "." + Base64URL.encode(HMACSHA256.authenticationCode(key: modulus, data: Array(hsInput.utf8)))
            var expiredClaims = claims
            expiredClaims["custom:tenant"] = "default"
            expiredClaims["exp"] = Int(Date().timeIntervalSince1970) - 3600
            let expired = try await GatewayTests.sign(expiredClaims, pool)
            let attacks = [
                parts[0] + "." + forgedPayload + "." + parts[2], noneHeader + "." + parts[1] + ".", hsToken,
                parts[0] + "." + parts[1] + ".", parts[0] + "." + parts[1], foreign, expired, "garbage",
                String(token.dropLast(10)), token + String(repeating: "A", count: 9000), "Bearer ",
            ]
            for attack in attacks {
                let response = try await client.execute(uri: "/logs", method: .post, headers: GatewayTests.bearer(attack),
                                                        body: ByteBuffer(string: #"{"severity": "info", "message": "forged"}"#))
                #expect(response.status == .unauthorized, "\(attack.prefix(40))")
                #expect(try errorCode(response.body) == "unauthenticated")
            }
            let read = try await client.execute(uri: "/logs", method: .get, headers: GatewayTests.bearer(token))
            #expect((try json(read.body)["logs"] as? [Any])?.isEmpty == true)
        }
    }

    static func sign(_ claims: [String: Any], _ pool: UserPool) async throws -> String {
        let key = try await pool.signingKeys.current()
        let header = Base64URL.encode(Array(#"{"alg":"RS256","kid":"\#(key.kid)"}"#.utf8))
        let input = header + "." + Base64URL.encode(Array(try JSONSerialization.data(withJSONObject: claims)))
        return input + "." + Base64URL.encode(try key.privateKey.signSHA256(Array(input.utf8)))
    }

    @Test("filters GET /logs by severity, time and text, and rejects malformed filters with 400", arguments: [
        ("severity=loud", 400), ("since=yesterday", 400), ("until=2026-13-01T00:00:00Z", 400),
        ("q=\(String(repeating: "x", count: 300))", 400), ("severity=WARN&since=2000-01-01T00:00:00Z", 200),
    ])
    func queryFilters(query: String, status: Int) async throws {
        try await withServer { client, token in
            let body = #"[{"severity": "info", "message": "Disk ok"}, {"severity": "error", "message": "disk FULL"}]"#
            _ = try await client.execute(uri: "/logs", method: .post, headers: GatewayTests.bearer(token), body: ByteBuffer(string: body))
            let response = try await client.execute(uri: "/logs?\(query)", method: .get, headers: GatewayTests.bearer(token))
            #expect(Int(response.status.code) == status)
            let severe = try json(try await client.execute(uri: "/logs?severity=error", method: .get,
                                                           headers: GatewayTests.bearer(token)).body)
            #expect((severe["logs"] as? [[String: Any]])?.compactMap { $0["message"] as? String } == ["disk FULL"])
            let found = try json(try await client.execute(uri: "/logs?q=disk%20full", method: .get,
                                                          headers: GatewayTests.bearer(token)).body)
            #expect((found["logs"] as? [[String: Any]])?.compactMap { $0["message"] as? String } == ["disk FULL"])
            let future = try json(try await client.execute(uri: "/logs?since=2999-01-01T00:00:00Z", method: .get,
                                                           headers: GatewayTests.bearer(token)).body)
            #expect((future["logs"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("answers every request with an X-Request-Id, echoing an acceptable one the caller sent")
    func requestIDs() async throws {
        try await withServer { client, token in
            let header = try #require(HTTPField.Name("X-Request-Id"))
            let generated = try await client.execute(uri: "/logs", method: .get, headers: GatewayTests.bearer(token))
            #expect(generated.headers[header]?.isEmpty == false)
            let failed = try await client.execute(uri: "/nowhere", method: .get)
            #expect(failed.headers[header]?.isEmpty == false, "errors carry one too")
            var headers = GatewayTests.bearer(token)
            headers[header] = "trace-42.a"
            #expect(try await client.execute(uri: "/logs", method: .get, headers: headers).headers[header] == "trace-42.a")
            headers[header] = "not acceptable"
            let replaced = try await client.execute(uri: "/healthz", method: .get, headers: headers).headers[header]
            #expect(replaced != nil && replaced != "not acceptable")
        }
    }
}
