@testable import Auth
import CryptoPrimitives
import Foundation
import GRDB
import Model
import TestSupport
import Testing

/// The private key's bytes as a copied file could leak them: the PEM text, its DER, and a slice of the DER's private
/// part (past the public modulus and exponent).
private func leaks(of key: RSAPrivateKey) throws -> [Data] {
    let pem = try key.pemRepresentation()
    let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    let der = try #require(Data(base64Encoded: body))
    return [Data("PRIVATE KEY".utf8), Data(pem.utf8), Data(body.prefix(64).utf8), der, der.suffix(64)]
}

@Suite("Token-signing keys are sealed at rest")
struct SealedSigningKeyTests {
    @Test("a copy of identity.sqlite alone holds no private key bytes and, without the master key, signs nothing")
    func copiedDatabaseIsUseless() async throws {
        let (pool, directory) = try await freshPool()
        let key = try await pool.signingKeys.current()
        _ = try await pool.rotateSigningKey()
        let copy = try copyIdentityDatabase(from: directory)
        let bytes = try identityDatabaseBytes(in: copy)
        for leak in try leaks(of: key.privateKey) + leaks(of: try await pool.signingKeys.current().privateKey) {
            #expect(bytes.range(of: leak) == nil, "private key bytes in the copied identity.sqlite")
        }
        let stolen = try await UserPool.open(dataDir: copy, settings: AuthSettings(),
                                             signingKeySeal: try localSigningKeySeal(dataDir: copy), createIfMissing: false,
                                             defaultIssuerBase: "", logger: logger)
        let refusal = await #expect(throws: ServiceError.self) { try await stolen.idToken(for: "admin") }
        #expect(refusal?.message.contains("does not open") == true)
        await #expect(throws: ServiceError.self) { try await stolen.jwks() }
    }

    @Test("a sealed key opens only as the key it was sealed as")
    func boundToKid() async throws {
        let directory = try Scratch.directory()
        let seal = try localSigningKeySeal(dataDir: directory)
        let sealed = try await seal.seal(Array("secret key".utf8), kid: "kid-1")
        #expect(try await seal.open(sealed, kid: "kid-1") == Array("secret key".utf8))
        await #expect(throws: ServiceError.self) { try await seal.open(sealed, kid: "kid-2") }
        var flipped = sealed
        flipped[flipped.count / 2] ^= 1
        await #expect(throws: ServiceError.self) { try await seal.open(flipped, kid: "kid-1") }
    }

    @Test("keys an earlier version stored in clear are sealed on open, once, and their clear bytes leave the file")
    func migratesClearKeys() async throws {
        let (pool, directory) = try await freshPool()
        let token = try await pool.idToken(for: "admin")
        let key = try await pool.signingKeys.current()
        let pem = try key.privateKey.pemRepresentation()
        // The state a data dir of the previous version is in after the schema migration: the key in clear, unsealed.
        let database = try DatabaseQueue(path: directory + "/identity.sqlite")
        try await database.write { db in
            try db.execute(sql: "UPDATE signing_keys SET private_key_pem = ?, sealed_private_key = NULL", arguments: [pem])
        }
        try database.close()
        #expect(try identityDatabaseBytes(in: directory).range(of: Data(pem.utf8)) != nil)

        let seal = try localSigningKeySeal(dataDir: directory)
        let reopened = try await UserPool.open(dataDir: directory, settings: AuthSettings(), signingKeySeal: seal,
                                               createIfMissing: false, defaultIssuerBase: "", logger: logger)
        #expect(try await TokenVerifier(pool: reopened, settings: AuthSettings()).verify(token).subject == "admin")
        _ = try await TokenVerifier(pool: reopened, settings: AuthSettings()).verify(try await reopened.idToken(for: "admin"))
        let sealed = try await reopened.store.signingKeys().map(\.sealedPrivateKey)
        #expect(sealed.allSatisfy { !$0.isEmpty })
        for leak in try leaks(of: key.privateKey) {
            #expect(try identityDatabaseBytes(in: directory).range(of: leak) == nil, "clear key bytes left in identity.sqlite after sealing")
        }

        let again = try await UserPool.open(dataDir: directory, settings: AuthSettings(), signingKeySeal: seal,
                                            createIfMissing: false, defaultIssuerBase: "", logger: logger)
        #expect(try await again.store.signingKeys().map(\.sealedPrivateKey) == sealed)
        #expect(try await again.store.sealClearSigningKeys(with: seal) == 0)
    }
}
