import CryptoPrimitives
import Testing

/// A 256-bit test case from McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)".
struct GCMVector: Sendable, CustomTestStringConvertible {
    let name: String
    let key: [UInt8]
    let nonce: [UInt8]
    let plaintext: [UInt8]
    let aad: [UInt8]
    let ciphertext: [UInt8]
    let tag: [UInt8]

    var testDescription: String { name }

    static let testCases: [GCMVector] = {
        let zeroKey = [UInt8](repeating: 0, count: 32)
        let zeroNonce = [UInt8](repeating: 0, count: 12)
        let key = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
        let nonce = hex("cafebabefacedbaddecaf888")
        let plaintext = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255")
        let ciphertext = hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                             + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad")
        return [
            GCMVector(name: "test case 13", key: zeroKey, nonce: zeroNonce, plaintext: [], aad: [],
                      ciphertext: [], tag: hex("530f8afbc74536b9a963b4f1c4cb738b")),
            GCMVector(name: "test case 14", key: zeroKey, nonce: zeroNonce,
                      plaintext: [UInt8](repeating: 0, count: 16), aad: [],
                      ciphertext: hex("cea7403d4d606b6e074ec5d3baf39d18"),
                      tag: hex("d0d1c8a799996bf0265b98b5d48ab919")),
            GCMVector(name: "test case 15", key: key, nonce: nonce, plaintext: plaintext, aad: [],
                      ciphertext: ciphertext, tag: hex("b094dac5d93471bdec1a502270e3cc6c")),
            GCMVector(name: "test case 16", key: key, nonce: nonce, plaintext: Array(plaintext.prefix(60)),
                      aad: hex("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
                      ciphertext: Array(ciphertext.prefix(60)), tag: hex("76fc6ece0f4e1768cddf8853bb2d551b")),
        ]
    }()

    static var withAAD: GCMVector { testCases[3] }
}

@Suite("AES-256-GCM")
struct AESGCMTests {
    @Test("seal reproduces the GCM specification's ciphertext and tag", arguments: GCMVector.testCases)
    func sealMatchesSpecification(_ vector: GCMVector) throws {
        let sealed = try AESGCM.seal(key: vector.key, nonce: vector.nonce, plaintext: vector.plaintext, aad: vector.aad)
        #expect(sealed.ciphertext == vector.ciphertext)
        #expect(sealed.tag == vector.tag)
    }

    @Test("open recovers the GCM specification's plaintext", arguments: GCMVector.testCases)
    func openMatchesSpecification(_ vector: GCMVector) throws {
        let plaintext = try AESGCM.open(key: vector.key, nonce: vector.nonce, ciphertext: vector.ciphertext,
                                        tag: vector.tag, aad: vector.aad)
        #expect(plaintext == vector.plaintext)
    }

    @Test("open rejects a ciphertext with any one bit flipped", arguments: [0, 31, 59])
    func tamperedCiphertextIsRejected(index: Int) {
        let v = GCMVector.withAAD
        #expect(throws: CryptoFailure.self) {
            try AESGCM.open(key: v.key, nonce: v.nonce, ciphertext: flippingBit(of: v.ciphertext, at: index),
                            tag: v.tag, aad: v.aad)
        }
    }

    @Test("open rejects a tag with any one bit flipped", arguments: [0, 15])
    func tamperedTagIsRejected(index: Int) {
        let v = GCMVector.withAAD
        #expect(throws: CryptoFailure.self) {
            try AESGCM.open(key: v.key, nonce: v.nonce, ciphertext: v.ciphertext,
                            tag: flippingBit(of: v.tag, at: index), aad: v.aad)
        }
    }

    @Test("open rejects altered, truncated or missing associated data")
    func tamperedAADIsRejected() {
        let v = GCMVector.withAAD
        for aad in [flippingBit(of: v.aad, at: 0), Array(v.aad.dropLast()), []] {
            #expect(throws: CryptoFailure.self) {
                try AESGCM.open(key: v.key, nonce: v.nonce, ciphertext: v.ciphertext, tag: v.tag, aad: aad)
            }
        }
    }

    @Test("open rejects a different nonce")
    func tamperedNonceIsRejected() {
        let v = GCMVector.withAAD
        #expect(throws: CryptoFailure.self) {
            try AESGCM.open(key: v.key, nonce: flippingBit(of: v.nonce, at: 11), ciphertext: v.ciphertext,
                            tag: v.tag, aad: v.aad)
        }
    }

    @Test("open rejects a different key")
    func otherKeyIsRejected() {
        let v = GCMVector.withAAD
        #expect(throws: CryptoFailure.self) {
            try AESGCM.open(key: flippingBit(of: v.key, at: 0), nonce: v.nonce, ciphertext: v.ciphertext,
                            tag: v.tag, aad: v.aad)
        }
    }

    @Test("seal and open reject keys that are not 32 bytes", arguments: [0, 16, 24, 31, 33])
    func wrongKeySizeIsRejected(size: Int) {
        let key = [UInt8](repeating: 7, count: size)
        let nonce = [UInt8](repeating: 0, count: AESGCM.nonceSize)
        #expect(throws: CryptoFailure.self) {
            try AESGCM.seal(key: key, nonce: nonce, plaintext: [1, 2, 3], aad: [])
        }
        #expect(throws: CryptoFailure.self) {
            try AESGCM.open(key: key, nonce: nonce, ciphertext: [1, 2, 3],
                            tag: [UInt8](repeating: 0, count: AESGCM.tagSize), aad: [])
        }
    }

    @Test("seal and open reject nonces that are not 12 bytes", arguments: [0, 8, 11, 13, 16])
    func wrongNonceSizeIsRejected(size: Int) {
        let key = [UInt8](repeating: 7, count: AESGCM.keySize)
        let nonce = [UInt8](repeating: 0, count: size)
        #expect(throws: CryptoFailure.self) {
            try AESGCM.seal(key: key, nonce: nonce, plaintext: [1, 2, 3], aad: [])
        }
        #expect(throws: CryptoFailure.self) {
            try AESGCM.open(key: key, nonce: nonce, ciphertext: [1, 2, 3],
                            tag: [UInt8](repeating: 0, count: AESGCM.tagSize), aad: [])
        }
    }

    @Test("open rejects tags that are not 16 bytes, even a correct prefix", arguments: [0, 12, 15, 17])
    func wrongTagSizeIsRejected(size: Int) {
        let v = GCMVector.withAAD
        let tag = Array((v.tag + [0]).prefix(size))
        #expect(throws: CryptoFailure.self) {
            try AESGCM.open(key: v.key, nonce: v.nonce, ciphertext: v.ciphertext, tag: tag, aad: v.aad)
        }
    }

    @Test("the size error names what was wrong")
    func sizeErrorIsDescriptive() {
        do {
            _ = try AESGCM.seal(key: [1, 2, 3], nonce: [UInt8](repeating: 0, count: 12), plaintext: [], aad: [])
            Issue.record("a 3-byte key was accepted")
        } catch {
            #expect(error.message.contains("key"))
            #expect(error.description == error.message)
        }
    }

    @Test("empty plaintext round-trips and its tag still authenticates the aad")
    func emptyPlaintextRoundTrip() throws {
        let key = try SecureRandom.bytes(AESGCM.keySize)
        let nonce = try SecureRandom.bytes(AESGCM.nonceSize)
        let sealed = try AESGCM.seal(key: key, nonce: nonce, plaintext: [], aad: utf8("header"))
        #expect(sealed.ciphertext.isEmpty)
        #expect(sealed.tag.count == AESGCM.tagSize)
        #expect(try AESGCM.open(key: key, nonce: nonce, ciphertext: [], tag: sealed.tag, aad: utf8("header")) == [])
        #expect(throws: CryptoFailure.self) {
            try AESGCM.open(key: key, nonce: nonce, ciphertext: [], tag: sealed.tag, aad: utf8("Header"))
        }
    }

    @Test("random messages of many lengths round-trip with and without aad", arguments: [1, 15, 16, 17, 1000, 65_537])
    func roundTrip(length: Int) throws {
        let key = try SecureRandom.bytes(AESGCM.keySize)
        let nonce = try SecureRandom.bytes(AESGCM.nonceSize)
        let plaintext = try SecureRandom.bytes(length)
        for aad in [[], utf8("tenant=42")] {
            let sealed = try AESGCM.seal(key: key, nonce: nonce, plaintext: plaintext, aad: aad)
            #expect(sealed.ciphertext.count == length)
            // A random message equals its ciphertext with probability 2^-(8 * length): asserted only where that is
            // negligible (a 1-byte message matched in 1 run of 256, failing CI).
            if length >= 16 { #expect(sealed.ciphertext != plaintext) }
            let opened = try AESGCM.open(key: key, nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag, aad: aad)
            #expect(opened == plaintext)
        }
    }

    @Test("the published sizes are 32-byte keys, 12-byte nonces and 16-byte tags")
    func sizes() {
        #expect(AESGCM.keySize == 32)
        #expect(AESGCM.nonceSize == 12)
        #expect(AESGCM.tagSize == 16)
    }
}
