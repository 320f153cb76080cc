@testable import Auth
import CryptoPrimitives
import Foundation
import Model
import Testing

private let now = Timestamp.now()
private let nowSeconds = Double(now.microseconds / 1_000_000)

private func segment(_ json: String) -> String { Base64URL.encode(Array(json.utf8)) }

@Suite("Token verification")
struct TokenVerifierTests {
    @Test("accepts the pool's ID token and yields its user, tenant and roles")
    func validIDToken() async throws {
        let pool = try await sharedPool.value.pool
        let principal = try await TokenVerifier(pool: pool, settings: AuthSettings()).verify(try await pool.idToken(for: "admin"))
        #expect(principal.subject == "admin")
        #expect(principal.tenant == TenantID("default"))
        #expect(principal.roles == [.admin])
    }

    @Test("accepts an access token for this client and reports its use")
    func validAccessToken() async throws {
        let pool = try await sharedPool.value.pool
        var claims = idClaims(pool, now: now)
        claims["aud"] = nil
        claims["token_use"] = .string("access")
        claims["client_id"] = .string(pool.clientID)
        let verified = try await TokenVerifier(pool: pool, settings: AuthSettings()).verified(try await signed(claims, by: pool), now: now)
        #expect(verified.tokenUse == .access)
        #expect(verified.principal.tenant == TenantID("default"))
    }

    @Test("accepts only the token uses a route allows")
    func tokenUsePerRoute() async throws {
        let pool = try await sharedPool.value.pool
        var claims = idClaims(pool, now: now)
        claims["aud"] = nil
        claims["token_use"] = .string("access")
        claims["client_id"] = .string(pool.clientID)
        let access = try await signed(claims, by: pool)
        let id = try await pool.idToken(for: "admin")
        let verifier = TokenVerifier(pool: pool, settings: AuthSettings())
        _ = try await verifier.verify(id, accepting: [.id])
        await #expect(throws: TokenRejection.tokenUse.error("this route does not accept access tokens")) {
            try await verifier.verify(access, accepting: [.id])
        }
        _ = try await verifier.verify(access, accepting: [.access])
    }

    @Test("rejects forged, tampered, expired and misdirected tokens with unauthenticated", arguments: [
        "expired", "not yet valid", "issued in the future", "no expiry", "wrong issuer", "wrong audience",
        "access token with aud", "access token for another client", "unknown token_use", "invalid tenant",
        "tampered payload", "tampered signature", "alg none", "HS256 with the public key", "RS512 header",
        "unknown kid", "no kid", "crit header", "two segments", "garbage", "bad base64", "oversized", "empty",
        "other key", "JSON array payload", "tenant claim twice", "alg twice",
    ])
    func attacks(name: String) async throws {
        let pool = try await sharedPool.value.pool
        let token = try await attack(name, pool)
        let verifier = TokenVerifier(pool: pool, settings: AuthSettings())
        let error = await #expect(throws: ServiceError.self) { try await verifier.verify(token, now: now) }
        #expect(error?.code == .unauthenticated)
    }

    @Test("names the tenant from the configured claim, or the default tenant when it is absent")
    func tenantClaim() async throws {
        let pool = try await sharedPool.value.pool
        let verifier = TokenVerifier(pool: pool, settings: AuthSettings())
        var claims = idClaims(pool, now: now)
        claims["custom:tenant"] = .string("acme")
        #expect(try await verifier.verify(try await signed(claims, by: pool), now: now).tenant == TenantID("acme"))
        claims["custom:tenant"] = nil
        #expect(try await verifier.verify(try await signed(claims, by: pool), now: now).tenant == TenantID("default"))
        let orgVerifier = TokenVerifier(pool: pool, settings: AuthSettings(tenantClaim: "org", defaultTenant: "shared"))
        #expect(try await orgVerifier.verify(try await signed(claims, by: pool), now: now).tenant == TenantID("shared"))
        claims["org"] = .string("initech")
        #expect(try await orgVerifier.verify(try await signed(claims, by: pool), now: now).tenant == TenantID("initech"))
    }

    @Test("maps cognito:groups to roles by exact name; groups that name no role grant nothing")
    func groups() async throws {
        let pool = try await sharedPool.value.pool
        let verifier = TokenVerifier(pool: pool, settings: AuthSettings())
        var claims = idClaims(pool, now: now)
        claims["cognito:groups"] = .array([.string("writer"), .string("marketing")])
        #expect(try await verifier.verify(try await signed(claims, by: pool), now: now).roles == [.writer])
        for group in ["Reader", "readers", "auditors", "writer ", ""] {
            claims["cognito:groups"] = .array([.string(group)])
            let principal = try await verifier.verify(try await signed(claims, by: pool), now: now)
            #expect(principal.roles.isEmpty && principal.grant == .unknownGroups, "group \(group)")
            #expect(!principal.canRead && !principal.canWrite, "group \(group)")
        }
    }

    @Test("gives auth.ungrouped_roles only to a token with no groups: no claim, null or an empty list")
    func ungroupedRoles() throws {
        for groups: JSONValue? in [nil, .null, .array([])] {
            #expect(try AuthSettings().principalRule.roles(groups: groups) == ([.writer, .reader], .ungrouped))
            #expect(try AuthSettings(ungroupedRoles: [.reader]).principalRule.roles(groups: groups) == ([.reader], .ungrouped))
            #expect(try AuthSettings(ungroupedRoles: []).principalRule.roles(groups: groups) == ([], .ungrouped))
        }
        #expect(try AuthSettings().principalRule.roles(groups: .string("admin")) == ([.admin], .groups))
        #expect(try AuthSettings().principalRule.roles(groups: .array([.string("Admin")])) == ([], .unknownGroups))
    }

    @Test("refuses a cognito:groups claim that is neither a string nor a list of strings")
    func malformedGroups() {
        for groups: JSONValue in [.number(1), .bool(true), .object([:]), .array([.string("writer"), .number(1)])] {
            #expect(throws: ServiceError.self) { try AuthSettings().principalRule.roles(groups: groups) }
        }
    }

    @Test("tolerates clock skew within the leeway only")
    func leeway() async throws {
        let pool = try await sharedPool.value.pool
        let verifier = TokenVerifier(pool: pool, settings: AuthSettings())
        var claims = idClaims(pool, now: now)
        claims["exp"] = .number(nowSeconds - 30)
        _ = try await verifier.verify(try await signed(claims, by: pool), now: now)
        claims["exp"] = .number(nowSeconds - 61)
        let token = try await signed(claims, by: pool)
        await #expect(throws: ServiceError.self) { try await verifier.verify(token, now: now) }
    }

    private func attack(_ name: String, _ pool: UserPool) async throws -> String {
        var claims = idClaims(pool, now: now)
        let valid = try await signed(claims, by: pool)
        let parts = valid.split(separator: ".").map(String.init)
        let key = try await pool.signingKeys.current()
        func signedWith(header: String) throws -> String {
            let input = segment(header) + "." + parts[1]
            return input + "." + Base64URL.encode(try key.privateKey.signSHA256(Array(input.utf8)))
        }
        switch name {
        case "expired": claims["exp"] = .number(nowSeconds - 3600)
        case "not yet valid": claims["nbf"] = .number(nowSeconds + 3600)
        case "issued in the future": claims["iat"] = .number(nowSeconds + 3600)
        case "no expiry": claims["exp"] = nil
        case "wrong issuer": claims["iss"] = .string("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_evil")
        case "wrong audience": claims["aud"] = .string("someoneelsesclient")
        case "access token with aud":
            claims["token_use"] = .string("access")
            claims["client_id"] = .string(pool.clientID)
        case "access token for another client":
            claims["token_use"] = .string("access")
            claims["aud"] = nil
            claims["client_id"] = .string("someoneelsesclient")
        case "unknown token_use": claims["token_use"] = .string("refresh")
        case "invalid tenant": claims["custom:tenant"] = .string("../etc")
        case "tampered payload":
            claims["custom:tenant"] = .string("victim")
            let forged = try await signed(claims, by: pool).split(separator: ".")
            return parts[0] + "." + forged[1] + "." + parts[2]
        case "tampered signature":
            var signature = try #require(Base64URL.decode(parts[2]))
            signature[0] ^= 1
            return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)
        case "alg none": return segment(#"{"alg":"none","kid":"\#(key.kid)"}"#) + "." + parts[1] + "."
        case "HS256 with the public key":
            let header = segment(#"{"alg":"HS256","kid":"\#(key.kid)","typ":"JWT"}"#)
            let mac = HMACSHA256.authenticationCode(key: key.publicKey.modulus, data: Array((header + "." + parts[1]).utf8))
            return header + "." + parts[1] + "." + Base64URL.encode(mac)
        case "RS512 header": return try signedWith(header: #"{"alg":"RS512","kid":"\#(key.kid)"}"#)
        case "unknown kid": return try signedWith(header: #"{"alg":"RS256","kid":"nope"}"#)
        case "no kid": return try signedWith(header: #"{"alg":"RS256"}"#)
        case "crit header": return try signedWith(header: #"{"alg":"RS256","kid":"\#(key.kid)","crit":["exp"]}"#)
        case "two segments": return parts[0] + "." + parts[1]
        case "garbage": return "not a token at all"
        case "bad base64": return parts[0] + ".$$$." + parts[2]
        case "oversized": return valid + String(repeating: "A", count: 9000)
        case "empty": return ""
        case "other key": return try JWT.sign(claims, kid: key.kid, key: try RSAPrivateKey(bits: 2048))
        case "tenant claim twice":
            let payload = String(decoding: try JSONCoding.encoder().encode(claims), as: UTF8.self)
            let input = parts[0] + "." + segment(#"{"custom:tenant":"victim","# + payload.dropFirst())
            return input + "." + Base64URL.encode(try key.privateKey.signSHA256(Array(input.utf8)))
        case "alg twice": return try signedWith(header: #"{"alg":"RS256","kid":"\#(key.kid)","alg":"HS256"}"#)
        case "JSON array payload":
            let input = parts[0] + "." + segment("[1,2]")
            return input + "." + Base64URL.encode(try key.privateKey.signSHA256(Array(input.utf8)))
        default: Issue.record("unknown case \(name)")
        }
        return try await signed(claims, by: pool)
    }
}
