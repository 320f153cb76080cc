import CryptoPrimitives
import Testing

@Suite("secureZero")
struct SecureZeroTests {
    @Test("every byte becomes zero and the length is kept")
    func zeroes() {
        var secret: [UInt8] = [0xde, 0xad, 0xbe, 0xef, 0x01]
        secureZero(&secret)
        #expect(secret == [0, 0, 0, 0, 0])
    }

    @Test("an empty array stays empty")
    func empty() {
        var nothing: [UInt8] = []
        secureZero(&nothing)
        #expect(nothing.isEmpty)
    }
}
