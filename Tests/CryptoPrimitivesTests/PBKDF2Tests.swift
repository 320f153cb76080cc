import CryptoPrimitives
import Testing

@Suite("PBKDF2-HMAC-SHA256")
struct PBKDF2Tests {
    @Test("derives the published PBKDF2-HMAC-SHA256 vectors", arguments: [
        ("password", "salt", 1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        ("password", "salt", 4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        ("passwd", "salt", 1,
         "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
         + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
        ("Password", "NaCl", 80_000,
         "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
         + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"),
    ])
    func publishedVectors(password: String, salt: String, iterations: Int, expected: String) throws {
        let key = hex(expected)
        let derived = try PBKDF2.sha256(password: utf8(password), salt: utf8(salt), iterations: iterations, length: key.count)
        #expect(derived == key)
    }

    @Test("an empty password and empty salt are allowed")
    func emptyInputs() throws {
        let derived = try PBKDF2.sha256(password: [], salt: [], iterations: 1, length: 32)
        #expect(derived == hex("f7ce0b653d2d72a4108cf5abe912ffdd777616dbbb27a70e8204f3ae2d0f6fad"))
    }

    @Test("a shorter output is a prefix of the longer one")
    func outputLength() throws {
        let long = try PBKDF2.sha256(password: utf8("pw"), salt: utf8("NaCl"), iterations: 2, length: 40)
        let short = try PBKDF2.sha256(password: utf8("pw"), salt: utf8("NaCl"), iterations: 2, length: 7)
        #expect(long.count == 40)
        #expect(short == Array(long.prefix(7)))
    }

    @Test("zero or negative iterations and lengths are rejected", arguments: [(0, 32), (-1, 32), (1, 0), (1, -5)])
    func invalidParameters(iterations: Int, length: Int) {
        #expect(throws: CryptoFailure.self) {
            try PBKDF2.sha256(password: utf8("password"), salt: utf8("salt"), iterations: iterations, length: length)
        }
    }
}
