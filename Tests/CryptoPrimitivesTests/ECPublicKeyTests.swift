import CryptoPrimitives
import Testing

@Suite("ECPublicKey")
struct ECPublicKeyTests {
    /// RFC 7515 Appendix A.3: the ES256 example's JWK coordinates, signing input and signature.
    enum RFC7515 {
        static let x = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"
        static let y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
        static let signingInput = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt"
            + "cGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        static let signature = "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
        /// The same signature as DER, checked with `openssl dgst -sha256 -verify` against the example key.
        static let derSignature = "304502200ed1215379636c483c2f7f155807d402a3b228033af97c7e17819ac3169ea665"
            + "022100c50a07d38c3c70e5d8f12daf084a5480a66590c5f293509a8f3f7f8a83a354d5"
    }

    static func rfcKey() throws -> ECPublicKey {
        try ECPublicKey(x: #require(Base64URL.decode(RFC7515.x)), y: #require(Base64URL.decode(RFC7515.y)))
    }

    /// A signature of `data` by `key` that satisfies `condition`, signing afresh until one does (ECDSA is randomized).
    static func signature(
        of data: [UInt8], by key: ECPrivateKey, where condition: ([UInt8]) -> Bool
    ) throws -> [UInt8] {
        for _ in 0..<20_000 {
            let signature = try key.signSHA256(data)
            if condition(signature) {
                return signature
            }
        }
        Issue.record("no signature met the condition")
        return []
    }

    /// The DER `ECDSA-Sig-Value` of the 64-byte JWS signature `raw`, encoded here independently of the module.
    static func derEncoded(_ raw: [UInt8]) -> [UInt8] {
        func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var value = Array(bytes.drop { $0 == 0 })
            if value.first.map({ $0 >= 0x80 }) ?? true {
                value.insert(0, at: 0)
            }
            return [0x02, UInt8(value.count)] + value
        }
        let body = integer(raw.prefix(32)) + integer(raw.suffix(32))
        return [0x30, UInt8(body.count)] + body
    }

    @Test("the RFC 7515 Appendix A.3 ES256 example verifies from its JWK x and y")
    func rfc7515Example() throws {
        let key = try Self.rfcKey()
        let signature = try #require(Base64URL.decode(RFC7515.signature))
        #expect(signature.count == 64)
        #expect(Base64URL.encode(key.x) == RFC7515.x)
        #expect(Base64URL.encode(key.y) == RFC7515.y)
        #expect(key.verifySHA256(signature: signature, data: utf8(RFC7515.signingInput)))
        #expect(!key.verifySHA256(signature: signature, data: utf8(RFC7515.signingInput + ".")))
        #expect(!key.verifySHA256(signature: signature, data: utf8(String(RFC7515.signingInput.dropLast()))))
    }

    @Test("an ES256 signature verifies under the signer's public key")
    func signAndVerify() throws {
        let key = try ECPrivateKey()
        let data = utf8("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJsb2dzdmMifQ")
        #expect(key.publicKey.verifySHA256(signature: try key.signSHA256(data), data: data))
    }

    @Test("a key rebuilt from x and y verifies the private key's signatures and no other key's")
    func rebuiltFromCoordinates() throws {
        let key = try ECPrivateKey()
        let rebuilt = try ECPublicKey(x: key.publicKey.x, y: key.publicKey.y)
        #expect(rebuilt.x == key.publicKey.x)
        #expect(rebuilt.y == key.publicKey.y)
        let data = utf8("header.payload")
        #expect(rebuilt.verifySHA256(signature: try key.signSHA256(data), data: data))
        let other = try ECPrivateKey()
        #expect(!rebuilt.verifySHA256(signature: try other.signSHA256(data), data: data))
    }

    @Test("verification fails when the data is altered")
    func alteredData() throws {
        let key = try ECPrivateKey()
        let data = utf8("amount=100")
        let signature = try key.signSHA256(data)
        #expect(key.publicKey.verifySHA256(signature: signature, data: data))
        #expect(!key.publicKey.verifySHA256(signature: signature, data: utf8("amount=900")))
        #expect(!key.publicKey.verifySHA256(signature: signature, data: data + [0]))
        #expect(!key.publicKey.verifySHA256(signature: signature, data: []))
    }

    @Test("verification fails when r or s is altered or the two are swapped")
    func alteredSignature() throws {
        let key = try ECPrivateKey()
        let data = utf8("amount=100")
        let signature = try key.signSHA256(data)
        #expect(key.publicKey.verifySHA256(signature: signature, data: data))
        for index in [0, 31, 32, 63] {
            #expect(!key.publicKey.verifySHA256(signature: flippingBit(of: signature, at: index), data: data))
        }
        let swapped = Array(signature.suffix(32) + signature.prefix(32))
        #expect(!key.publicKey.verifySHA256(signature: swapped, data: data))
    }

    @Test("verification fails under another key")
    func otherKey() throws {
        let data = utf8("amount=100")
        let signer = try ECPrivateKey()
        let signature = try signer.signSHA256(data)
        #expect(signer.publicKey.verifySHA256(signature: signature, data: data))
        let other = try ECPrivateKey().publicKey
        #expect(!other.verifySHA256(signature: signature, data: data))
        let rfcKey = try Self.rfcKey()
        #expect(!rfcKey.verifySHA256(signature: signature, data: data))
    }

    @Test("signatures of 63 or 65 bytes are rejected, even when a zero byte is only moved")
    func wrongLengths() throws {
        let key = try ECPrivateKey()
        let data = utf8("amount=100")
        // With a leading zero in r (or s), dropping it keeps the same integers in 63 bytes.
        let shortR = try Self.signature(of: data, by: key) { $0[0] == 0 }
        let shortS = try Self.signature(of: data, by: key) { $0[32] == 0 }
        let signature = try key.signSHA256(data)
        for valid in [shortR, shortS, signature] {
            #expect(key.publicKey.verifySHA256(signature: valid, data: data))
        }
        let wrong: [[UInt8]] = [
            Array(shortR.dropFirst()), Array(shortS.prefix(32) + shortS.suffix(31)), Array(signature.dropLast()),
            signature + [0], [0] + signature, Array(signature.prefix(32) + [0] + signature.suffix(32)),
            [], Array(signature.prefix(32)),
        ]
        for candidate in wrong {
            #expect(!key.publicKey.verifySHA256(signature: candidate, data: data), "\(candidate.count) bytes accepted")
        }
    }

    @Test("an all-zero signature and signatures with r or s of zero are rejected")
    func zeroComponents() throws {
        let key = try ECPrivateKey()
        let data = utf8("amount=100")
        let signature = try key.signSHA256(data)
        #expect(key.publicKey.verifySHA256(signature: signature, data: data))
        let zero = [UInt8](repeating: 0, count: 32)
        #expect(!key.publicKey.verifySHA256(signature: zero + zero, data: data))
        #expect(!key.publicKey.verifySHA256(signature: zero + signature.suffix(32), data: data))
        #expect(!key.publicKey.verifySHA256(signature: signature.prefix(32) + zero, data: data))
    }

    @Test("a DER-encoded signature is rejected where the raw r||s form is required")
    func derSignatureRejected() throws {
        let rfcKey = try Self.rfcKey()
        let rfcSignature = try #require(Base64URL.decode(RFC7515.signature))
        let rfcDER = hex(RFC7515.derSignature)
        #expect(Self.derEncoded(rfcSignature) == rfcDER)
        #expect(rfcKey.verifySHA256(signature: rfcSignature, data: utf8(RFC7515.signingInput)))
        #expect(!rfcKey.verifySHA256(signature: rfcDER, data: utf8(RFC7515.signingInput)))

        let key = try ECPrivateKey()
        let data = utf8("amount=100")
        // Both r and s below 2^255: the DER form has no sign-padding bytes and is at its shortest here.
        let signature = try Self.signature(of: data, by: key) { $0[0] < 0x80 && $0[32] < 0x80 }
        #expect(key.publicKey.verifySHA256(signature: signature, data: data))
        #expect(!key.publicKey.verifySHA256(signature: Self.derEncoded(signature), data: data))
    }

    @Test("points that are not on P-256 are rejected")
    func pointNotOnCurve() throws {
        let x = try #require(Base64URL.decode(RFC7515.x))
        let y = try #require(Base64URL.decode(RFC7515.y))
        _ = try ECPublicKey(x: x, y: y)
        let one = [UInt8](repeating: 0, count: 31) + [1]
        let zero = [UInt8](repeating: 0, count: 32)
        let ones = [UInt8](repeating: 0xff, count: 32)
        let cases: [([UInt8], [UInt8])] = [
            (one, one), (zero, zero), (ones, ones), (x, flippingBit(of: y, at: 31)), (flippingBit(of: x, at: 0), y), (y, x),
        ]
        for (x, y) in cases {
            #expect(throws: CryptoFailure.self) { try ECPublicKey(x: x, y: y) }
        }
    }

    @Test("coordinates that are not exactly 32 bytes are rejected")
    func wrongCoordinateLengths() throws {
        let x = try #require(Base64URL.decode(RFC7515.x))
        let y = try #require(Base64URL.decode(RFC7515.y))
        _ = try ECPublicKey(x: x, y: y)
        let cases: [([UInt8], [UInt8])] = [
            ([0] + x, y), (x, [0] + y), (Array(x.dropFirst()), y), (x, Array(y.dropLast())), ([], y), (x, []), ([], []),
            (x + y, []), ([0x04] + x + y, []),
        ]
        for (x, y) in cases {
            #expect(throws: CryptoFailure.self) { try ECPublicKey(x: x, y: y) }
        }
    }

    @Test("many tasks verifying with one shared key all get the right answer")
    func concurrentVerification() async throws {
        let key = try ECPrivateKey()
        let publicKey = try ECPublicKey(x: key.publicKey.x, y: key.publicKey.y)
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
