@testable import CryptoPrimitives
import Testing

@Suite("RandomPool")
struct RandomPoolTests {
    @Test("hands out each drawn byte once: 12-byte draws across several refills never repeat")
    func drawsNeverRepeat() throws {
        let pool = RandomPool(refill: 100)
        let draws = try (0..<1000).map { _ in try pool.take(12) }
        #expect(draws.allSatisfy { $0.count == 12 })
        #expect(Set(draws).count == 1000)
    }

    @Test("bytes spread over all values, as random bytes do")
    func spread() throws {
        let bytes = try (0..<64).flatMap { _ in try RandomPool.shared.take(64) }
        var counts = [Int](repeating: 0, count: 256)
        bytes.forEach { counts[Int($0)] += 1 }
        // 4,096 bytes: 16 expected per value; a stuck or zeroed buffer fails this at once.
        #expect(counts.filter { $0 == 0 }.count < 10)
        #expect(counts.max() ?? 0 < 48)
    }

    @Test("a draw larger than the refill, or negative, is refused")
    func limits() {
        let pool = RandomPool(refill: 64)
        #expect(throws: CryptoFailure.self) { try pool.take(65) }
        #expect(throws: CryptoFailure.self) { try pool.take(-1) }
    }
}
