@testable import EnvelopeCrypto
import Model
import Testing

@Suite("The envelope's bound data, byte for byte")
struct EnvelopeLayoutTests {
    @Test("binds tenant, id, timestamp and severity as 4-byte big-endian lengths and values (entries at rest depend on it)")
    func associatedDataLayout() {
        let binding = EntryBinding(tenant: TenantID("acme")!, id: "e1", timestamp: Timestamp(microseconds: 0x0102_0304_0506_0708),
                                   severity: .error)
        #expect(Envelope.associatedData(binding, after: []) == [
            0, 0, 0, 4, 0x61, 0x63, 0x6d, 0x65,
            0, 0, 0, 2, 0x65, 0x31,
            0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8,
            0, 0, 0, 1, 40,
        ])
    }

    @Test("a negative timestamp is bound as its two's complement")
    func negativeTimestamp() {
        let binding = EntryBinding(tenant: TenantID("a")!, id: "i", timestamp: Timestamp(microseconds: -1), severity: .debug)
        #expect(Array(Envelope.associatedData(binding, after: [])[10..<22]) == [0, 0, 0, 8, 255, 255, 255, 255, 255, 255, 255, 255])
    }
}
