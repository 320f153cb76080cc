@testable import Auth
import CryptoPrimitives
import Model
import TestSupport
import Testing

/// Re-spells the base64url part `index` of `token` with padding.
private func padded(_ token: String, part index: Int) -> String {
    var parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    parts[index] += String(repeating: "=", count: (4 - parts[index].utf8.count % 4) % 4)
    return parts.joined(separator: ".")
}

@Suite("Revocation, lifetime and spelling checks of the local pool's tokens")
struct RevocationCheckTests {
    @Test("a padded header, payload or signature is refused as malformed, naming canonical base64url")
    func paddedParts() async throws {
        let pool = try await sharedPool.value.pool
        let verifier = TokenVerifier(pool: pool, settings: AuthSettings())
        // A token whose three parts all need padding: find one among a few (the jti and key vary their lengths).
        var token = try await pool.idToken(for: "admin")
        for _ in 0..<50 where token.split(separator: ".").contains(where: { $0.utf8.count % 4 == 0 }) {
            token = try await pool.idToken(for: "admin")
        }
        _ = try await verifier.verify(token)
        for part in 0..<3 where token.split(separator: ".")[part].utf8.count % 4 != 0 {
            await #expect(throws: JWT.notCanonical) { try await verifier.verify(padded(token, part: part)) }
        }
    }

    @Test("a machine client's access token may live client_token_lifetime_seconds, a user's token_lifetime_seconds")
    func lifetimePerKind() async throws {
        let pool = try await sharedPool.value.pool
        let verifier = TokenVerifier(pool: pool, settings: AuthSettings())
        let now = Timestamp.now()
        let seconds = Double(now.microseconds / 1_000_000)
        let machine = try await pool.createClient(tenant: "acme")
        var claims: Claims = [
            "sub": .string(machine.clientID), "iss": .string(pool.issuer), "client_id": .string(machine.clientID),
            "token_use": .string("access"), "iat": .number(seconds), "exp": .number(seconds + 900),
            "custom:tenant": .string("acme"), "cognito:groups": .array([.string("writer")]),
        ]
        _ = try await verifier.verify(try await signed(claims, by: pool))
        claims["exp"] = .number(seconds + 901)
        let overlong = try await signed(claims, by: pool)
        await #expect(throws: TokenRejection.lifetime.error("the token's lifetime (exp - iat) is longer than this pool issues (900 seconds)")) {
            try await verifier.verify(overlong)
        }
        var user = idClaims(pool, now: now)
        user["exp"] = .number(seconds + 3600)
        _ = try await verifier.verify(try await signed(user, by: pool))
        for missing in ["iat", "sub"] {
            var partial = user
            partial[missing] = nil
            do {
                _ = try await verifier.verify(try await signed(partial, by: pool))
                Issue.record("a token without \(missing) was accepted")
            } catch {
                #expect((error as? ServiceError)?.reason == TokenRejection.lifetime.rawValue)
            }
        }
    }

    @Test("a cached token is refused once its principal is revoked; a token issued afterwards is not")
    func cachedTokenRevoked() async throws {
        let (pool, _) = try await freshPool()
        let verifier = TokenVerifier(pool: pool, settings: AuthSettings())
        let machine = try await pool.createClient(tenant: "acme")
        let before = try await pool.accessToken(forClient: machine.clientID, secret: machine.clientSecret).accessToken
        _ = try await verifier.verify(before)
        try await pool.signOut("admin")
        let admin = try await pool.idToken(for: "admin")
        _ = try await verifier.verify(admin)
        _ = try await verifier.verify(before)
        try await pool.deleteClient(machine.clientID)
        do {
            _ = try await verifier.verify(before)
            Issue.record("a deleted client's cached token was accepted")
        } catch {
            #expect(error.reason == TokenRejection.revoked.rawValue)
        }
    }

    @Test("the in-memory copy keeps a revocation noted while a read of the store that missed it ran")
    func noteSurvivesRead() async throws {
        let directory = try Scratch.directory()
        let store = try IdentityStore(dataDir: directory)
        let revocations = TokenRevocations(store: store, refreshInterval: .zero)
        let now = Timestamp.now()
        revocations.note(Revocation(subject: "s", at: now, settings: AuthSettings()))
        let expected = now.microseconds / 1_000_000 + 1
        #expect(await revocations.validAfter("s") == expected)
        #expect(await revocations.validAfter("other") == nil)
    }
}
