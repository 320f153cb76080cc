import CryptoPrimitives
import Testing

@Suite("Base64URL")
struct Base64URLTests {
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"),
        ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ]

    @Test("encodes the RFC 4648 §10 vectors without padding", arguments: rfc4648)
    func encodesRFCVectors(plain: String, encoded: String) {
        #expect(Base64URL.encode(utf8(plain)) == encoded)
    }

    @Test("decodes the RFC 4648 §10 vectors without padding", arguments: rfc4648)
    func decodesUnpadded(plain: String, encoded: String) {
        #expect(Base64URL.decode(encoded) == utf8(plain))
    }

    @Test("decodes the RFC 4648 §10 vectors with padding", arguments: [
        ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
    ])
    func decodesPadded(plain: String, encoded: String) {
        #expect(Base64URL.decode(encoded) == utf8(plain))
    }

    @Test("uses '-' and '_' where standard base64 uses '+' and '/'", arguments: [
        ([0xfb, 0xff] as [UInt8], "-_8"), ([0xfb, 0xef, 0xbe], "----"), ([0xff, 0xff, 0xff], "____"),
    ])
    func urlSafeAlphabet(bytes: [UInt8], encoded: String) {
        #expect(Base64URL.encode(bytes) == encoded)
        #expect(Base64URL.decode(encoded) == bytes)
    }

    @Test("rejects bad lengths, characters outside the alphabet and misplaced padding", arguments: [
        "a", "abcde", "ab$d", "Zm9v YmFy", "Zm9v\n", "+/8", "Zg=", "Zg===", "Z===", "====", "=", "=Zg",
        "Zm9v=", "Zm8==", "Zg==Zg==", "Z=g=", "Zm9vYmFyé",
    ])
    func rejectsInvalid(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test("rejects encodings whose unused trailing bits are not zero", arguments: ["Zh", "Zm9", "Zm9vYh"])
    func rejectsNonCanonical(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test("the canonical decoder takes only the one spelling encode makes: no padding, no stray bits", arguments: [
        "Zg==", "Zm8=", "Zm9vYg==", "Zh", "Zm9", "ab$d", "a",
    ])
    func canonicalRefusesOtherSpellings(text: String) {
        #expect(Base64URL.decodeCanonical(text) == nil)
    }

    @Test("the canonical decoder reads what encode writes", arguments: rfc4648)
    func canonicalDecodesUnpadded(plain: String, encoded: String) {
        #expect(Base64URL.decodeCanonical(encoded) == utf8(plain))
    }

    @Test("every byte value and every length up to 66 round-trips")
    func roundTrip() throws {
        let allBytes = (0...255).map { UInt8($0) }
        #expect(Base64URL.decode(Base64URL.encode(allBytes)) == allBytes)
        for length in 0...66 {
            let bytes = try SecureRandom.bytes(length)
            let encoded = Base64URL.encode(bytes)
            #expect(!encoded.contains("="))
            #expect(encoded.utf8.count == (length * 4 + 2) / 3)
            #expect(Base64URL.decode(encoded) == bytes)
        }
    }
}
