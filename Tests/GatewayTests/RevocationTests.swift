@testable import Auth
import Composition
import CryptoPrimitives
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Model
import TestSupport
import Testing

/// The ID and access tokens a login of `username` gets.
private func userTokens(_ pool: UserPool, _ username: String) async throws -> [String] {
    let user = try #require(try await pool.store.user(username))
    let result = try await pool.tokens(for: user, withRefreshToken: false)
    return [result.idToken, result.accessToken]
}

private func read(_ client: any TestClientProtocol, _ token: String) async throws -> TestResponse {
    try await client.execute(uri: "/logs", method: .get, headers: headers(token, contentType: nil))
}

private func write(_ client: any TestClientProtocol, _ token: String) async throws -> TestResponse {
    try await client.execute(uri: "/logs", method: .post, headers: headers(token),
                             body: ByteBuffer(string: #"{"severity": "info", "message": "m"}"#))
}

private func errorMessage(_ response: TestResponse) throws -> String {
    try #require((try json(response.body)["error"] as? [String: Any])?["message"] as? String)
}

private func cognito(_ client: any TestClientProtocol, _ operation: String, _ body: String) async throws -> TestResponse {
    var fields: HTTPFields = [.contentType: "application/x-amz-json-1.1"]
    fields[try #require(HTTPField.Name("X-Amz-Target"))] = "AWSCognitoIdentityProviderService.\(operation)"
    return try await client.execute(uri: "/", method: .post, headers: fields, body: ByteBuffer(string: body))
}

/// Claims of an ID token of the pool's admin issued at `issuedAt` (seconds), valid for `lifetime` seconds.
private func adminClaims(_ pool: UserPool, issuedAt: Double, lifetime: Double = 3600) -> Claims {
    [
        "sub": .string(UserPool.subject(of: "admin", pool: pool.userPoolID)), "iss": .string(pool.issuer),
        "aud": .string(pool.clientID), "token_use": .string("id"), "iat": .number(issuedAt),
        "exp": .number(issuedAt + lifetime), "cognito:username": .string("admin"), "custom:tenant": .string("default"),
    ]
}

private var nowSeconds: Double { Double(Timestamp.now().microseconds / 1_000_000) }

@Suite("Revocation of tokens in use, over HTTP")
struct RevocationTests {
    @Test("disabling, deleting or resetting the password of a user refuses the ID and access tokens it already used",
          arguments: ["disable", "delete", "reset-password"])
    func userRevoked(action: String) async throws {
        try await withService { client, _, pool in
            _ = try await pool.createUser("dora", tenant: "acme", groups: [], temporaryPassword: "Temp-Passw0rd")
            let tokens = try await userTokens(pool, "dora")
            for token in tokens { #expect(try await read(client, token).status == .ok) }
            switch action {
            case "disable": try await pool.setEnabled("dora", false)
            case "delete": try await pool.deleteUser("dora")
            default: _ = try await pool.resetPassword("dora")
            }
            for token in tokens {
                let refused = try await read(client, token)
                #expect(refused.status == .unauthorized)
                #expect(try errorCode(refused.body) == "unauthenticated")
                #expect(try errorMessage(refused).hasPrefix("the token was revoked"))
                #expect(!(try errorMessage(refused)).contains(token.prefix(20)))
                #expect(try await write(client, token).status == .unauthorized)
            }
        }
    }

    @Test("a user enabled again, or given a new password, gets tokens that work at once; the old ones stay refused")
    func newTokensAfterRevocation() async throws {
        try await withService { client, _, pool in
            _ = try await pool.createUser("dora", tenant: "acme", groups: [], temporaryPassword: "Temp-Passw0rd")
            let old = try await userTokens(pool, "dora")
            try await pool.setEnabled("dora", false)
            try await pool.setEnabled("dora", true)
            for token in try await userTokens(pool, "dora") { #expect(try await read(client, token).status == .ok) }
            for token in old { #expect(try await read(client, token).status == .unauthorized) }
            _ = try await pool.resetPassword("dora")
            for token in try await userTokens(pool, "dora") { #expect(try await read(client, token).status == .ok) }
        }
    }

    @Test("GlobalSignOut refuses the access and ID tokens afterwards, and ChangePassword with that access token")
    func globalSignOut() async throws {
        try await withService { client, _, pool in
            _ = try await pool.createUser("dora", tenant: "acme", groups: [], temporaryPassword: "Temp-Passw0rd")
            let tokens = try await userTokens(pool, "dora")
            let access = tokens[1]
            for token in tokens { #expect(try await read(client, token).status == .ok) }
            #expect(try await cognito(client, "GlobalSignOut", #"{"AccessToken": "\#(access)"}"#).status == .ok)
            for token in tokens { #expect(try await read(client, token).status == .unauthorized) }
            let change = try await cognito(client, "ChangePassword", """
                {"AccessToken": "\(access)", "PreviousPassword": "Temp-Passw0rd", "ProposedPassword": "Other-Passw0rd1"}
                """)
            #expect(change.status == .badRequest)
            #expect(try json(change.body)["__type"] as? String == "NotAuthorizedException")
        }
    }

    @Test("deleting a machine client refuses the access token it already wrote with")
    func machineClientDeleted() async throws {
        try await withService { client, _, pool in
            let machine = try await pool.createClient(tenant: "acme")
            let basic = Data("\(machine.clientID):\(machine.clientSecret)".utf8).base64EncodedString()
            let issued = try await client.execute(uri: "/oauth2/token", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded", .authorization: "Basic \(basic)"],
                                                  body: ByteBuffer(string: "grant_type=client_credentials"))
            let token = try #require(try json(issued.body)["access_token"] as? String)
            #expect(try await write(client, token).status == .created)
            try await pool.deleteClient(machine.clientID)
            let refused = try await write(client, token)
            #expect(refused.status == .unauthorized)
            #expect(try errorMessage(refused).hasPrefix("the token was revoked"))
        }
    }

    @Test("a user disabled by another process on the same data dir (the admin CLI) is refused within 2 seconds")
    func revokedByAnotherProcess() async throws {
        let (service, dataDir) = try await makeTestService()
        let pool = try #require(service.pool)
        try await service.application(host: "127.0.0.1", port: 0).test(.live) { client in
            _ = try await pool.createUser("dora", tenant: "acme", groups: [], temporaryPassword: "Temp-Passw0rd")
            let tokens = try await userTokens(pool, "dora")
            for token in tokens { #expect(try await read(client, token).status == .ok) }
            let admin = try await UserPool.open(dataDir: dataDir, settings: pool.settings,
                                                signingKeySeal: try localSigningKeySeal(dataDir: dataDir), createIfMissing: false,
                                                defaultIssuerBase: "", logger: quietLogger("admin"))
            try await admin.setEnabled("dora", false)
            try await Task.sleep(for: .seconds(2))
            for token in tokens { #expect(try await read(client, token).status == .unauthorized) }
        }
    }

    @Test("after two rotations the first key refuses tokens issued after its retirement, and verifies those issued before")
    func retiredKey() async throws {
        try await withService { client, token, pool in
            let first = try await pool.signingKeys.current()
            #expect(try await read(client, token).status == .ok)
            _ = try await pool.rotateSigningKey()
            _ = try await pool.rotateSigningKey()
            #expect(try await read(client, token).status == .ok)
            let forged = try JWT.sign(adminClaims(pool, issuedAt: nowSeconds + 5), kid: first.kid, key: first.privateKey)
            let refused = try await read(client, forged)
            #expect(refused.status == .unauthorized)
            #expect(try errorMessage(refused) == "the token was issued after its signing key was retired")
        }
    }

    @Test("refuses a token of this pool that lives longer than the configured token lifetime")
    func overlongLifetime() async throws {
        try await withService { client, _, pool in
            let key = try await pool.signingKeys.current()
            let fair = try JWT.sign(adminClaims(pool, issuedAt: nowSeconds), kid: key.kid, key: key.privateKey)
            #expect(try await read(client, fair).status == .ok)
            let overlong = try JWT.sign(adminClaims(pool, issuedAt: nowSeconds, lifetime: 3601), kid: key.kid, key: key.privateKey)
            let refused = try await read(client, overlong)
            #expect(refused.status == .unauthorized)
            #expect(try errorMessage(refused).contains("lifetime (exp - iat)"))
        }
    }

    @Test("refuses a token whose signature is padded base64url")
    func paddedSignature() async throws {
        try await withServer { client, token in
            let signatureLength = token.split(separator: ".").last?.count ?? 0
            let padded = token + String(repeating: "=", count: (4 - signatureLength % 4) % 4)
            #expect(padded != token)
            let refused = try await read(client, padded)
            #expect(refused.status == .unauthorized)
            #expect(try errorMessage(refused).contains("canonical base64url"))
        }
    }
}
