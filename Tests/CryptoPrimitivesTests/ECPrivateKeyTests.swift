import CryptoPrimitives
import Testing

@Suite("ECPrivateKey")
struct ECPrivateKeyTests {
    /// Coordinates of `RSAFixtures.ecPrivateKeyPEM`, as `openssl pkey -text` prints its public point.
    static let fixtureX = "bbcca59c7b85921a53bd79418c74e1941f610780d6812bd787b549fc4d17051f"
    static let fixtureY = "f70be1f3d5ccd85502d9bfdbf737be5fabeab906c53f04db298ac568c207addb"

    /// PKCS#8 PEMs of EC keys on P-384 and on secp256k1 (whose coordinates are also 32 bytes).
    static let p384PEM = """
        -----BEGIN PRIVATE KEY-----
        MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDAnwk2JW4/1xQ00+GiJ
        luDdTxfRYGLNSYN75El4FcJF3Lcb7kHZaLEOdDxXeNH1QqihZANiAARpqk8SDClE
        D+GDux6DY0I2UKrqjJLDrUwdMO7c97g4lXSPDb878dv4sdivBVNrGQVKG2fVLHeW
        8mInScqGNrE1H31l8Uugncxezuv5YVJwiNGdI7A0kAiZPNnkloTZNgk=
        -----END PRIVATE KEY-----
        """
    static let secp256k1PEM = """
        -----BEGIN PRIVATE KEY-----
        MIGEAgEAMBAGByqGSM49AgEGBSuBBAAKBG0wawIBAQQgJbOaLA2lRM1wsLkk/dxV
        O7RZyNQqA7afKqNGVQt1OK2hRANCAATnNu2wRu7ouyBktI29bOtt1csKm83nnegW
        TSPjvVPIFD3KArzf6YvSnF1kRYhtO76V5hQ7ok1lXh5lXl24n3UM
        -----END PRIVATE KEY-----
        """
    /// A PKCS#8 PEM of an Ed25519 key, which is not an EC key.
    static let ed25519PEM = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIOJj+cdEFWLIlaMO/dpGmvcYMWdt7m8sQcLLSSfXYkoJ
        -----END PRIVATE KEY-----
        """

    @Test("a generated key has 32-byte coordinates, and two generated keys differ")
    func generatedKeys() throws {
        let key = try ECPrivateKey()
        let other = try ECPrivateKey()
        #expect(key.publicKey.x.count == 32)
        #expect(key.publicKey.y.count == 32)
        #expect(key.publicKey.x != other.publicKey.x)
        #expect(key.publicKey.y != other.publicKey.y)
    }

    @Test("PEM output is unencrypted PKCS#8")
    func pemIsPKCS8() throws {
        let pem = try ECPrivateKey().pemRepresentation()
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(pem.hasSuffix("-----END PRIVATE KEY-----\n"))
    }

    @Test("a key read back from its PEM is the same key")
    func pemRoundTrip() throws {
        let key = try ECPrivateKey()
        let reread = try ECPrivateKey(pem: key.pemRepresentation())
        #expect(reread.publicKey.x == key.publicKey.x)
        #expect(reread.publicKey.y == key.publicKey.y)
        #expect(try reread.pemRepresentation() == key.pemRepresentation())
        let data = utf8("payload")
        #expect(key.publicKey.verifySHA256(signature: try reread.signSHA256(data), data: data))
        #expect(reread.publicKey.verifySHA256(signature: try key.signSHA256(data), data: data))
    }

    @Test("a PKCS#8 P-256 key from OpenSSL's CLI reports the coordinates the CLI shows")
    func knownPEM() throws {
        let key = try ECPrivateKey(pem: RSAFixtures.ecPrivateKeyPEM)
        #expect(key.publicKey.x == hex(Self.fixtureX))
        #expect(key.publicKey.y == hex(Self.fixtureY))
        let data = utf8("payload")
        #expect(key.publicKey.verifySHA256(signature: try key.signSHA256(data), data: data))
    }

    @Test("EC keys on other curves are rejected", arguments: [p384PEM, secp256k1PEM])
    func otherCurves(pem: String) {
        do {
            _ = try ECPrivateKey(pem: pem)
            Issue.record("a key on another curve was accepted")
        } catch {
            #expect(error.message.contains("curve other than P-256"))
        }
    }

    @Test("private keys of other types are rejected")
    func otherKeyTypes() throws {
        _ = try ECPrivateKey(pem: RSAFixtures.ecPrivateKeyPEM)
        let rsaPEM = try RSAFixtures.key.get().pemRepresentation()
        for pem in [rsaPEM, Self.ed25519PEM] {
            #expect(throws: CryptoFailure.self) { try ECPrivateKey(pem: pem) }
        }
    }

    @Test("text that is not a PEM private key is rejected", arguments: [
        "", "not a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        String(RSAFixtures.ecPrivateKeyPEM.prefix(100)),
    ])
    func malformedPEM(pem: String) {
        #expect(throws: CryptoFailure.self) { try ECPrivateKey(pem: pem) }
    }

    @Test("ES256 signatures are 64 bytes, randomized, and each verifies")
    func signaturesAreRandomized() throws {
        let key = try ECPrivateKey()
        let data = utf8("header.payload")
        let first = try key.signSHA256(data)
        let second = try key.signSHA256(data)
        #expect(first.count == 64)
        #expect(second.count == 64)
        #expect(first != second)
        #expect(key.publicKey.verifySHA256(signature: first, data: data))
        #expect(key.publicKey.verifySHA256(signature: second, data: data))
    }

    @Test("r and s are left-padded to 32 bytes when shorter")
    func componentsArePadded() throws {
        let key = try ECPrivateKey()
        let data = utf8("header.payload")
        // About one signature in 256 has an r (or s) below 2^248, whose minimal encoding is 31 bytes or fewer.
        let shortR = try ECPublicKeyTests.signature(of: data, by: key) { $0[0] == 0 }
        let shortS = try ECPublicKeyTests.signature(of: data, by: key) { $0[32] == 0 }
        for signature in [shortR, shortS] {
            #expect(signature.count == 64)
            #expect(key.publicKey.verifySHA256(signature: signature, data: data))
        }
    }

    @Test("the empty message can be signed and verified")
    func emptyMessage() throws {
        let key = try ECPrivateKey()
        let signature = try key.signSHA256([])
        #expect(key.publicKey.verifySHA256(signature: signature, data: []))
        #expect(!key.publicKey.verifySHA256(signature: signature, data: [0]))
    }

    @Test("concurrent signing with one key from many tasks gives valid signatures")
    func concurrentSigning() async throws {
        let key = try ECPrivateKey()
        let data = utf8("shared payload")
        let signatures = await withTaskGroup(of: [UInt8]?.self) { group in
            for _ in 0..<32 {
                group.addTask { try? key.signSHA256(data) }
            }
            var collected: [[UInt8]?] = []
            for await signature in group {
                collected.append(signature)
            }
            return collected
        }
        #expect(signatures.count == 32)
        #expect(signatures.allSatisfy { $0.map { key.publicKey.verifySHA256(signature: $0, data: data) } ?? false })
        #expect(Set(signatures.compactMap { $0.map { Base64URL.encode($0) } }).count == 32)
    }
}
