import CryptoPrimitives
import Testing

@Suite("constantTimeEquals")
struct ConstantTimeEqualsTests {
    @Test("equal byte strings compare equal, including two empty ones")
    func equal() {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(constantTimeEquals([], []))
    }

    @Test("a difference in the first or last byte makes them unequal")
    func differentContent() {
        #expect(!constantTimeEquals([1, 2, 3], [0, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
    }

    @Test("different lengths are unequal even when one is a prefix of the other")
    func differentLengths() {
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(!constantTimeEquals([], [0]))
    }
}
