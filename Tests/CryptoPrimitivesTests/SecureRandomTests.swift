import CryptoPrimitives
import Testing

@Suite("SecureRandom")
struct SecureRandomTests {
    @Test("returns exactly the number of bytes asked for", arguments: [0, 1, 12, 32, 4096])
    func count(count: Int) throws {
        #expect(try SecureRandom.bytes(count).count == count)
    }

    @Test("two 32-byte draws differ and are not all zero")
    func unpredictable() throws {
        let first = try SecureRandom.bytes(32)
        let second = try SecureRandom.bytes(32)
        #expect(first != second)
        #expect(first != [UInt8](repeating: 0, count: 32))
    }

    @Test("a negative count is rejected")
    func negative() {
        #expect(throws: CryptoFailure.self) { try SecureRandom.bytes(-1) }
    }
}
