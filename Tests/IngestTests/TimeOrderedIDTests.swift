@testable import Ingest
import Model
import Testing

@Suite("Ids of entries sent without one")
struct TimeOrderedIDTests {
    @Test("are version-7 UUIDs whose first 48 bits are the time in milliseconds")
    func layout() throws {
        let time = Timestamp(microseconds: 1_764_412_800_123_456)  // 2025-11-29T10:40:00.123456Z
        let id = try TimeOrderedID.make(at: time)
        let parts = id.split(separator: "-").map(String.init)
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(id.allSatisfy { "0123456789abcdef-".contains($0) })
        #expect(UInt64(parts[0] + parts[1], radix: 16) == 1_764_412_800_123)
        #expect(parts[2].first == "7")
        #expect(["8", "9", "a", "b"].contains(parts[3].first))
    }

    @Test("sort by their millisecond and differ within one")
    func ordering() throws {
        let earlier = Timestamp(microseconds: 1_764_412_800_123_000)
        let later = Timestamp(microseconds: 1_764_412_800_124_000)
        let sameMillisecond = try (0..<1000).map { _ in try TimeOrderedID.make(at: earlier) }
        #expect(Set(sameMillisecond).count == 1000)
        let next = try TimeOrderedID.make(at: later)
        #expect(sameMillisecond.allSatisfy { $0 < next })
    }
}
