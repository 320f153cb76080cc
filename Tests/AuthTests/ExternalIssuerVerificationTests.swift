@testable import Auth
import CryptoPrimitives
import Foundation
import Model
import Synchronization
import Testing

private let issuerURL = "https://idp.example.com/pool"
private let now = Timestamp.now()
private let seconds = Double(now.microseconds / 1_000_000)

private func claims(_ extra: Claims = [:]) -> Claims {
    var claims: Claims = ["iss": .string(issuerURL), "aud": .string("client-1"), "token_use": .string("id"),
                          "exp": .number(seconds + 600), "iat": .number(seconds), "sub": .string("u-1"),
                          "custom:tenant": .string("acme")]
    extra.forEach { claims[$0.key] = $0.value }
    return claims
}

/// Signs with ES256 (the local pool only signs RS256, external issuers may use either).
private func es256(_ claims: Claims, kid: String, key: ECPrivateKey) throws -> String {
    let encoder = JSONCoding.encoder()
    let input = Base64URL.encode(Array(try encoder.encode(["alg": "ES256", "kid": kid]))) + "."
        + Base64URL.encode(Array(try encoder.encode(claims)))
    return input + "." + Base64URL.encode(try key.signSHA256(Array(input.utf8)))
}

@Suite("Verifying an external issuer's tokens")
struct ExternalIssuerVerificationTests {
    @Test("accepts ES256 tokens of a trusted issuer and rejects an alg that does not match the key type")
    func es256Tokens() async throws {
        let key = try ECPrivateKey()
        let rsa = try RSAPrivateKey(bits: 2048)
        let issuer = TrustedIssuer(issuer: issuerURL, clientIDs: ["client-1"]) { kid in
            kid == "ec-1" ? .es256(key.publicKey) : nil
        }
        let verifier = TokenVerifier(issuers: [issuer], localIssuer: nil, settings: AuthSettings())
        let principal = try await verifier.verify(try es256(claims(), kid: "ec-1", key: key), now: now)
        #expect(principal.tenant == TenantID("acme"))
        #expect(principal.subject == "u-1")
        let confused = try JWT.sign(claims(), kid: "ec-1", key: rsa)
        await #expect(throws: TokenRejection.badSignature.error("the token's signature is invalid")) {
            try await verifier.verify(confused, now: now)
        }
    }

    @Test("a repeated token is verified once and served from the cache, but never past its expiry")
    func cache() async throws {
        let key = try ECPrivateKey()
        let lookups = Mutex(0)
        let issuer = TrustedIssuer(issuer: issuerURL, clientIDs: ["client-1"]) { _ in
            lookups.withLock { $0 += 1 }
            return .es256(key.publicKey)
        }
        let verifier = TokenVerifier(issuers: [issuer], localIssuer: nil, settings: AuthSettings(clockLeewaySeconds: 0))
        let token = try es256(claims(["exp": .number(seconds + 5)]), kid: "k", key: key)
        for _ in 0..<5 { _ = try await verifier.verify(token, now: now) }
        #expect(lookups.withLock { $0 } == 1)
        let later = Timestamp(microseconds: now.microseconds + 10_000_000)
        await #expect(throws: ServiceError.self) { try await verifier.verify(token, now: later) }
    }

    @Test("refuses an access token that names no tenant instead of filing it under the default tenant")
    func accessTokenWithoutTenant() async throws {
        let key = try ECPrivateKey()
        let issuer = TrustedIssuer(issuer: issuerURL, clientIDs: ["client-1"]) { _ in .es256(key.publicKey) }
        let verifier = TokenVerifier(issuers: [issuer], localIssuer: nil, settings: AuthSettings())
        var access = claims(["token_use": .string("access"), "client_id": .string("client-1")])
        access["aud"] = nil
        access["custom:tenant"] = nil
        await #expect(throws: ServiceError.self) { try await verifier.verify(try es256(access, kid: "k", key: key), now: now) }
        var id = claims()
        id["custom:tenant"] = nil
        #expect(try await verifier.verify(try es256(id, kid: "k", key: key), now: now).tenant == TenantID("default"))
    }

    @Test("reads RS256 and P-256 keys from JWKs and skips what it cannot use")
    func jwkParsing() throws {
        let rsa = try RSAPrivateKey(bits: 2048).publicKey
        let ec = try ECPrivateKey().publicKey
        let rsaJWK = JSONWebKey(kid: "r", n: Base64URL.encode(rsa.modulus), e: Base64URL.encode(rsa.exponent))
        #expect(VerificationKey(jwk: rsaJWK)?.algorithm == "RS256")
        let ecJWK = try JSONCoding.decoder().decode(JSONWebKey.self, from: Data("""
            {"kty":"EC","kid":"e","crv":"P-256","x":"\(Base64URL.encode(ec.x))","y":"\(Base64URL.encode(ec.y))"}
            """.utf8))
        #expect(VerificationKey(jwk: ecJWK)?.algorithm == "ES256")
        let small = try RSAPrivateKey(bits: 1024).publicKey
        #expect(VerificationKey(jwk: JSONWebKey(kid: "s", n: Base64URL.encode(small.modulus), e: "AQAB")) == nil)
        let symmetric = try JSONCoding.decoder().decode(JSONWebKey.self, from: Data(#"{"kty":"oct","kid":"h","k":"c2VjcmV0"}"#.utf8))
        #expect(VerificationKey(jwk: symmetric) == nil)
        let encryption = try JSONCoding.decoder().decode(JSONWebKey.self, from: Data("""
            {"kty":"RSA","kid":"x","use":"enc","n":"\(Base64URL.encode(rsa.modulus))","e":"AQAB"}
            """.utf8))
        #expect(VerificationKey(jwk: encryption) == nil)
    }
}
