@testable import Auth
import CryptoPrimitives
import Foundation
import Logging
import Model
import TestSupport
import Testing

private let logger = quietLogger("auth-tests")


/// One local pool per test file run: creating RSA keys and PBKDF2 hashes is slow.
private let fixture: (identity: LocalIdentity, directory: String) = {
    let directory = try! Scratch.directory()
    let identity = try! LocalIdentity.open(dataDir: directory, settings: AuthSettings(), createIfMissing: true,
                                           defaultIssuerBase: "http://127.0.0.1:8080", logger: logger)
    return (identity, directory)
}()

private var identity: LocalIdentity { fixture.identity }
private var verifier: TokenVerifier { TokenVerifier(identity: identity, settings: AuthSettings()) }
private let now = Timestamp.now()
private var nowSeconds: Double { Double(now.microseconds / 1_000_000) }

/// Valid ID-token claims for the admin user, to be varied by each case.
private func idClaims() -> Claims {
    [
        "sub": .string("s"), "iss": .string(identity.issuer), "aud": .string(identity.clientID),
        "token_use": .string("id"), "iat": .number(nowSeconds), "exp": .number(nowSeconds + 3600),
        "cognito:username": .string("admin"), "custom:tenant": .string("default"),
        "cognito:groups": .array([.string("admin")]),
    ]
}

private func signed(_ claims: Claims) throws -> String {
    let key = try #require(identity.signingKeys.current)
    return try JWT.sign(claims, kid: key.kid, key: key.privateKey)
}

private func segment(_ json: String) -> String { Base64URL.encode(Array(json.utf8)) }

@Suite("Token verification")
struct TokenVerifierTests {
    @Test("accepts the ID token the local pool issues and yields its user, tenant and roles")
    func validIDToken() throws {
        let token = try identity.idToken(for: "admin")
        let principal = try verifier.verify(token)
        #expect(principal.subject == "admin")
        #expect(principal.tenant == TenantID("default"))
        #expect(principal.roles == [.admin])
    }

    @Test("accepts an access token for this client")
    func validAccessToken() throws {
        var claims = idClaims()
        claims["aud"] = nil
        claims["token_use"] = .string("access")
        claims["client_id"] = .string(identity.clientID)
        #expect(try verifier.verify(try signed(claims)).tenant == TenantID("default"))
    }

    @Test("rejects forged, tampered, expired and misdirected tokens with unauthenticated", arguments: [
        "expired", "not yet valid", "issued in the future", "no expiry", "wrong issuer", "wrong audience",
        "access token with aud", "unknown token_use", "invalid tenant", "tampered payload", "tampered signature",
        "alg none", "HS256 with the public key", "unknown kid", "no kid", "crit header", "two segments",
        "garbage", "bad base64", "oversized", "empty", "other key",
    ])
    func attacks(name: String) throws {
        let token = try attack(name)
        let error = #expect(throws: ServiceError.self) { try verifier.verify(token, now: now) }
        #expect(error?.code == .unauthenticated)
    }

    @Test("names the tenant from the configured claim, or the default tenant when it is absent")
    func tenantClaim() throws {
        var claims = idClaims()
        claims["custom:tenant"] = .string("acme")
        #expect(try verifier.verify(try signed(claims)).tenant == TenantID("acme"))
        claims["custom:tenant"] = nil
        #expect(try verifier.verify(try signed(claims)).tenant == TenantID("default"))
        let orgVerifier = TokenVerifier(identity: identity, settings: AuthSettings(tenantClaim: "org", defaultTenant: "shared"))
        claims["org"] = .string("initech")
        #expect(try orgVerifier.verify(try signed(claims)).tenant == TenantID("initech"))
    }

    @Test("maps cognito:groups to roles and ignores unknown groups")
    func groups() throws {
        var claims = idClaims()
        claims["cognito:groups"] = .array([.string("writer"), .string("marketing")])
        #expect(try verifier.verify(try signed(claims)).roles == [.writer])
        claims["cognito:groups"] = nil
        #expect(try verifier.verify(try signed(claims)).roles == [])
    }

    @Test("tolerates clock skew within the leeway only")
    func leeway() throws {
        var claims = idClaims()
        claims["exp"] = .number(nowSeconds - 30)
        #expect(throws: Never.self) { try verifier.verify(try signed(claims), now: now) }
        claims["exp"] = .number(nowSeconds - 61)
        #expect(throws: ServiceError.self) { try verifier.verify(try signed(claims), now: now) }
    }

    private func attack(_ name: String) throws -> String {
        var claims = idClaims()
        let valid = try signed(claims)
        let parts = valid.split(separator: ".").map(String.init)
        let kid = try #require(identity.signingKeys.current?.kid)
        switch name {
        case "expired": claims["exp"] = .number(nowSeconds - 3600)
        case "not yet valid": claims["nbf"] = .number(nowSeconds + 3600)
        case "issued in the future": claims["iat"] = .number(nowSeconds + 3600)
        case "no expiry": claims["exp"] = nil
        case "wrong issuer": claims["iss"] = .string("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_evil")
        case "wrong audience": claims["aud"] = .string("someoneelsesclient")
        case "access token with aud":
            claims["token_use"] = .string("access")
            claims["client_id"] = .string(identity.clientID)
        case "unknown token_use": claims["token_use"] = .string("refresh")
        case "invalid tenant": claims["custom:tenant"] = .string("../etc")
        case "tampered payload":
            claims["custom:tenant"] = .string("victim")
            let forged = try signed(claims).split(separator: ".")
            return parts[0] + "." + forged[1] + "." + parts[2]
        case "tampered signature":
            var signature = try #require(Base64URL.decode(parts[2]))
            signature[0] ^= 1
            return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)
        case "alg none": return segment(#"{"alg":"none","kid":"\#(kid)"}"#) + "." + parts[1] + "."
        case "HS256 with the public key":
            let header = segment(#"{"alg":"HS256","kid":"\#(kid)","typ":"JWT"}"#)
            let publicKey = try #require(identity.signingKeys.current?.publicKey)
            let mac = HMACSHA256.authenticationCode(key: publicKey.modulus, data: Array((header + "." + parts[1]).utf8))
            return header + "." + parts[1] + "." + Base64URL.encode(mac)
        case "unknown kid":
            return segment(#"{"alg":"RS256","kid":"nope"}"#) + "." + parts[1] + "." + parts[2]
        case "no kid": return segment(#"{"alg":"RS256"}"#) + "." + parts[1] + "." + parts[2]
        case "crit header":
            let header = segment(#"{"alg":"RS256","kid":"\#(kid)","crit":["exp"]}"#)
            let key = try #require(identity.signingKeys.current?.privateKey)
            return header + "." + parts[1] + "." + Base64URL.encode(try key.signSHA256(Array((header + "." + parts[1]).utf8)))
        case "two segments": return parts[0] + "." + parts[1]
        case "garbage": return "not a token at all"
        case "bad base64": return parts[0] + ".$$$." + parts[2]
        case "oversized": return valid + String(repeating: "A", count: 9000)
        case "empty": return ""
        case "other key":
            let otherKey = try RSAPrivateKey(bits: 2048)
            return try JWT.sign(claims, kid: kid, key: otherKey)
        default: Issue.record("unknown case \(name)")
        }
        return try signed(claims)
    }
}

@Suite("The local identity")
struct LocalIdentityTests {
    @Test("first start writes 0600 initial credentials, a hashed password and a JWKS with the signing key")
    func firstStart() throws {
        let directory = fixture.directory
        let path = directory + "/" + LocalIdentity.initialCredentialsFile
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let credentials = try JSONDecoder().decode(InitialCredentials.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(credentials.username == "admin")
        #expect(credentials.userPoolID == identity.userPoolID)
        #expect(credentials.clientID == identity.clientID)
        #expect(credentials.temporaryPassword.count >= 8)
        let pool = try String(contentsOfFile: directory + "/" + LocalIdentity.poolFile, encoding: .utf8)
        #expect(!pool.contains(credentials.temporaryPassword))
        #expect(pool.contains("pbkdf2-sha256$600000$"))
        for file in [LocalIdentity.poolFile, LocalIdentity.signingKeysFile] {
            let mode = try FileManager.default.attributesOfItem(atPath: directory + "/" + file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        #expect(identity.jwks.keys.count == 1)
        #expect(identity.jwks.keys[0].kid == identity.signingKeys.current?.kid)
        #expect(identity.issuer == "http://127.0.0.1:8080/\(identity.userPoolID)")
    }

    @Test("a second open finds the same pool and keys, so earlier tokens stay valid")
    func reopen() throws {
        let token = try identity.idToken(for: "admin")
        let again = try LocalIdentity.open(dataDir: fixture.directory, settings: AuthSettings(), createIfMissing: false,
                                           defaultIssuerBase: "http://elsewhere:1", logger: logger)
        #expect(again.userPoolID == identity.userPoolID)
        #expect(try TokenVerifier(identity: again, settings: AuthSettings()).verify(token).subject == "admin")
    }

    @Test("opening a data dir without a pool fails unless asked to create one")
    func missingPool() throws {
        #expect(throws: ServiceError.self) {
            try LocalIdentity.open(dataDir: try Scratch.directory(), settings: AuthSettings(), createIfMissing: false,
                                   defaultIssuerBase: "", logger: logger)
        }
    }

    @Test("temporary passwords meet Cognito's default policy")
    func passwordPolicy() throws {
        for _ in 0..<20 {
            let password = try LocalIdentity.temporaryPassword()
            #expect(password.count >= 8)
            let upper = password.contains { $0.isUppercase }
            let lower = password.contains { $0.isLowercase }
            let digit = password.contains { $0.isNumber }
            let symbol = password.contains { "!#%+-.:=?@^_".contains($0) }
            #expect(upper && lower && digit && symbol, "\(password)")
        }
    }

    @Test("password hashes verify the right password only")
    func passwordHash() throws {
        let hash = try PasswordHash(hashing: "Corr3ct-Horse", iterations: 1000)
        #expect(hash.verify("Corr3ct-Horse"))
        #expect(!hash.verify("corr3ct-Horse"))
        #expect(!PasswordHash(encoded: "garbage").verify("x"))
    }
}
