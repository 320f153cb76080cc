import CryptoPrimitives
import Testing

@Suite("HMAC-SHA256")
struct HMACSHA256Tests {
    @Test("RFC 4231 test case 1: 20-byte key of 0x0b, \"Hi There\"")
    func rfc4231Case1() {
        let code = HMACSHA256.authenticationCode(key: [UInt8](repeating: 0x0b, count: 20), data: utf8("Hi There"))
        #expect(code == hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"))
    }

    @Test("RFC 4231 test case 2: key shorter than the output")
    func rfc4231Case2() {
        let code = HMACSHA256.authenticationCode(key: utf8("Jefe"), data: utf8("what do ya want for nothing?"))
        #expect(code == hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
    }

    @Test("RFC 4231 test case 6: key longer than the block is hashed first")
    func rfc4231Case6() {
        let code = HMACSHA256.authenticationCode(key: [UInt8](repeating: 0xaa, count: 131),
                                                 data: utf8("Test Using Larger Than Block-Size Key - Hash Key First"))
        #expect(code == hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"))
    }

    @Test("an empty key and empty message give the standard HMAC value")
    func emptyKeyAndMessage() {
        #expect(HMACSHA256.authenticationCode(key: [], data: [])
                == hex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"))
    }
}

@Suite("HMAC-SHA256 under a prepared key")
struct HMACSHA256KeyTests {
    @Test("gives the one-shot HMAC's codes for RFC 4231's keys, long keys and empty ones, call after call")
    func sameAsOneShot() {
        let cases: [([UInt8], [UInt8])] = [
            ([UInt8](repeating: 0x0b, count: 20), utf8("Hi There")), (utf8("Jefe"), utf8("what do ya want for nothing?")),
            ([UInt8](repeating: 0xaa, count: 131), utf8("Test Using Larger Than Block-Size Key - Hash Key First")), ([], []),
        ]
        for (key, data) in cases {
            let prepared = HMACSHA256Key(key)
            for _ in 0..<3 { #expect(prepared.authenticationCode(data) == HMACSHA256.authenticationCode(key: key, data: data)) }
        }
        #expect(HMACSHA256Key(utf8("Jefe")).authenticationCode(utf8("what do ya want for nothing?"))
                == hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
    }

    @Test("one prepared key serves many threads at once")
    func concurrent() async {
        let prepared = HMACSHA256Key([UInt8](repeating: 7, count: 32))
        let expected = HMACSHA256.authenticationCode(key: [UInt8](repeating: 7, count: 32), data: utf8("message"))
        let codes = await withTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<64 { group.addTask { prepared.authenticationCode(utf8("message")) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(codes.allSatisfy { $0 == expected })
    }
}
