import CryptoPrimitives
import Testing

@Suite("RSAPublicKey")
struct RSAPublicKeyTests {
    @Test("an RS256 signature verifies under the signer's public key")
    func signAndVerify() throws {
        let key = try RSAFixtures.key.get()
        let data = utf8("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsb2dzdmMifQ")
        #expect(key.publicKey.verifySHA256(signature: try key.signSHA256(data), data: data))
    }

    @Test("verification fails when the data is altered")
    func alteredData() throws {
        let key = try RSAFixtures.key.get()
        let data = utf8("amount=100")
        let signature = try key.signSHA256(data)
        #expect(!key.publicKey.verifySHA256(signature: signature, data: utf8("amount=900")))
        #expect(!key.publicKey.verifySHA256(signature: signature, data: data + [0]))
    }

    @Test("verification fails when the signature is altered, truncated, extended or empty")
    func alteredSignature() throws {
        let key = try RSAFixtures.key.get()
        let data = utf8("amount=100")
        let signature = try key.signSHA256(data)
        #expect(!key.publicKey.verifySHA256(signature: flippingBit(of: signature, at: 0), data: data))
        #expect(!key.publicKey.verifySHA256(signature: flippingBit(of: signature, at: 255), data: data))
        #expect(!key.publicKey.verifySHA256(signature: Array(signature.dropLast()), data: data))
        #expect(!key.publicKey.verifySHA256(signature: signature + [0], data: data))
        #expect(!key.publicKey.verifySHA256(signature: [], data: data))
    }

    @Test("verification fails under another key")
    func otherKey() throws {
        let data = utf8("amount=100")
        let signature = try RSAFixtures.key.get().signSHA256(data)
        let other = try RSAFixtures.otherKey.get()
        #expect(!other.publicKey.verifySHA256(signature: signature, data: data))
    }

    @Test("a key rebuilt from modulus and exponent verifies the private key's signatures")
    func rebuiltFromComponents() throws {
        let key = try RSAFixtures.key.get()
        let rebuilt = try RSAPublicKey(modulus: key.publicKey.modulus, exponent: key.publicKey.exponent)
        #expect(rebuilt.modulus == key.publicKey.modulus)
        #expect(rebuilt.exponent == key.publicKey.exponent)
        #expect(rebuilt.bits == 2048)
        let data = utf8("header.payload")
        #expect(rebuilt.verifySHA256(signature: try key.signSHA256(data), data: data))
        let other = try RSAFixtures.otherKey.get()
        #expect(!rebuilt.verifySHA256(signature: try other.signSHA256(data), data: data))
    }

    @Test("leading zero bytes in the components are accepted and not reported back")
    func leadingZeros() throws {
        let key = try RSAFixtures.key.get()
        let rebuilt = try RSAPublicKey(modulus: [0, 0] + key.publicKey.modulus, exponent: [0] + key.publicKey.exponent)
        #expect(rebuilt.modulus == key.publicKey.modulus)
        #expect(rebuilt.exponent == [0x01, 0x00, 0x01])
    }

    @Test("the RFC 7515 Appendix A.2 RS256 example verifies from its JWK n and e")
    func rfc7515Example() throws {
        let modulus = try #require(Base64URL.decode(RSAFixtures.RFC7515.modulus))
        let exponent = try #require(Base64URL.decode(RSAFixtures.RFC7515.exponent))
        let signature = try #require(Base64URL.decode(RSAFixtures.RFC7515.signature))
        let key = try RSAPublicKey(modulus: modulus, exponent: exponent)
        #expect(key.bits == 2048)
        #expect(Base64URL.encode(key.modulus) == RSAFixtures.RFC7515.modulus)
        #expect(key.verifySHA256(signature: signature, data: utf8(RSAFixtures.RFC7515.signingInput)))
        #expect(!key.verifySHA256(signature: signature, data: utf8(RSAFixtures.RFC7515.signingInput + ".")))
    }

    @Test("public keys under 2048 bits are rejected, though such a private key can be generated")
    func smallKeysRejected() throws {
        let small = try RSAPrivateKey(bits: 1024)
        #expect(small.publicKey.bits == 1024)
        let data = utf8("data")
        #expect(small.publicKey.verifySHA256(signature: try small.signSHA256(data), data: data))
        #expect(throws: CryptoFailure.self) {
            try RSAPublicKey(modulus: small.publicKey.modulus, exponent: small.publicKey.exponent)
        }
    }

    @Test("a modulus one bit short of 2048 bits is rejected")
    func justUnderMinimum() throws {
        var modulus = try RSAFixtures.key.get().publicKey.modulus
        modulus[0] = 0x7f
        modulus[modulus.count - 1] |= 1
        #expect(throws: CryptoFailure.self) { try RSAPublicKey(modulus: modulus, exponent: [0x01, 0x00, 0x01]) }
    }

    @Test("malformed components are rejected: empty, even modulus, even or trivial exponent")
    func malformedComponents() throws {
        let modulus = try RSAFixtures.key.get().publicKey.modulus
        var evenModulus = modulus
        evenModulus[evenModulus.count - 1] &= 0xfe
        let cases: [([UInt8], [UInt8])] = [
            ([], [0x01, 0x00, 0x01]), (modulus, []), (evenModulus, [0x01, 0x00, 0x01]),
            (modulus, [0x01]), (modulus, [0x01, 0x00, 0x00]),
        ]
        for (n, e) in cases {
            #expect(throws: CryptoFailure.self) { try RSAPublicKey(modulus: n, exponent: e) }
        }
    }

    @Test("many tasks verifying with one shared key all succeed")
    func concurrentVerification() async throws {
        let key = try RSAFixtures.key.get()
        let publicKey = try RSAPublicKey(modulus: key.publicKey.modulus, exponent: key.publicKey.exponent)
        let messages = (0..<64).map { utf8("message \($0)") }
        var signatures: [[UInt8]] = []
        for message in messages {
            signatures.append(try key.signSHA256(message))
        }
        let pairs = Array(zip(messages, signatures))
        let outcomes = await withTaskGroup(of: (Bool, Bool).self) { group in
            for (message, signature) in pairs {
                group.addTask {
                    (publicKey.verifySHA256(signature: signature, data: message),
                     publicKey.verifySHA256(signature: signature, data: message + [1]))
                }
            }
            var collected: [(Bool, Bool)] = []
            for await outcome in group {
                collected.append(outcome)
            }
            return collected
        }
        #expect(outcomes.count == 64)
        #expect(outcomes.allSatisfy { $0.0 && !$0.1 })
    }
}
