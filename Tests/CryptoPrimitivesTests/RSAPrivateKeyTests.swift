import CryptoPrimitives
import Testing

@Suite("RSAPrivateKey")
struct RSAPrivateKeyTests {
    @Test("a generated key has 2048 bits and public exponent 65537 by default")
    func generatedDefaults() throws {
        let key = try RSAFixtures.key.get()
        #expect(key.publicKey.bits == 2048)
        #expect(key.publicKey.modulus.count == 256)
        #expect(key.publicKey.modulus.first != 0)
        #expect(key.publicKey.exponent == [0x01, 0x00, 0x01])
    }

    @Test("two generated keys differ")
    func generatedKeysDiffer() throws {
        let key = try RSAFixtures.key.get()
        let other = try RSAFixtures.otherKey.get()
        #expect(key.publicKey.modulus != other.publicKey.modulus)
    }

    @Test("the requested size is honoured")
    func requestedSize() throws {
        let key = try RSAPrivateKey(bits: 3072)
        #expect(key.publicKey.bits == 3072)
        #expect(key.publicKey.modulus.count == 384)
    }

    @Test("sizes OpenSSL cannot generate are rejected", arguments: [0, 256, -2048])
    func invalidSize(bits: Int) {
        #expect(throws: CryptoFailure.self) { try RSAPrivateKey(bits: bits) }
    }

    @Test("PEM output is unencrypted PKCS#8")
    func pemIsPKCS8() throws {
        let pem = try RSAFixtures.key.get().pemRepresentation()
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(pem.hasSuffix("-----END PRIVATE KEY-----\n"))
    }

    @Test("a key read back from its PEM is the same key")
    func pemRoundTrip() throws {
        let key = try RSAFixtures.key.get()
        let reread = try RSAPrivateKey(pem: key.pemRepresentation())
        #expect(reread.publicKey.modulus == key.publicKey.modulus)
        #expect(reread.publicKey.exponent == key.publicKey.exponent)
        #expect(try reread.pemRepresentation() == key.pemRepresentation())
        let signature = try reread.signSHA256(utf8("payload"))
        #expect(key.publicKey.verifySHA256(signature: signature, data: utf8("payload")))
    }

    @Test("text that is not a PEM private key is rejected", arguments: [
        "", "not a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    ])
    func malformedPEM(pem: String) {
        #expect(throws: CryptoFailure.self) { try RSAPrivateKey(pem: pem) }
    }

    @Test("a truncated PEM is rejected with OpenSSL's explanation")
    func truncatedPEM() throws {
        let pem = try RSAFixtures.key.get().pemRepresentation()
        do {
            _ = try RSAPrivateKey(pem: String(pem.prefix(pem.count / 2)))
            Issue.record("a truncated PEM was accepted")
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test("a PKCS#8 key of another algorithm is rejected")
    func nonRSAKey() {
        #expect(throws: CryptoFailure.self) { try RSAPrivateKey(pem: RSAFixtures.ecPrivateKeyPEM) }
    }

    @Test("RS256 signatures are modulus-sized and deterministic, as PKCS#1 v1.5 requires")
    func signaturesAreDeterministic() throws {
        let key = try RSAFixtures.key.get()
        let first = try key.signSHA256(utf8("header.payload"))
        let second = try key.signSHA256(utf8("header.payload"))
        #expect(first.count == 256)
        #expect(first == second)
        #expect(try key.signSHA256(utf8("header.payloaD")) != first)
    }

    @Test("the empty message can be signed and verified")
    func emptyMessage() throws {
        let key = try RSAFixtures.key.get()
        let signature = try key.signSHA256([])
        #expect(key.publicKey.verifySHA256(signature: signature, data: []))
        #expect(!key.publicKey.verifySHA256(signature: signature, data: [0]))
    }

    @Test("concurrent signing with one key from many tasks gives the same valid signature")
    func concurrentSigning() async throws {
        let key = try RSAFixtures.key.get()
        let data = utf8("shared payload")
        let expected = try key.signSHA256(data)
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
        #expect(signatures.allSatisfy { $0 == expected })
    }
}
