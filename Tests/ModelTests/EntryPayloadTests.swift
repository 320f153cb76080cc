import Model
import Testing

@Suite("The sealed payload of an entry")
struct EntryPayloadTests {
    @Test("a message without attributes is sealed as its UTF-8 bytes, unchanged")
    func plainMessage() throws {
        let payload = EntryPayload(message: "disk full ✓")
        #expect(payload.bytes == Array("disk full ✓".utf8))
        #expect(EntryPayload(bytes: payload.bytes) == payload)
    }

    @Test("message and attributes round-trip, including empty values and non-ASCII text", arguments: [
        EntryPayload(message: "m", attributes: ["service": "api", "region": "eu-west-1"]),
        EntryPayload(message: "\u{0}starts with NUL"),
        EntryPayload(message: "\u{0}", attributes: ["k": ""]),
        EntryPayload(message: "üñí", attributes: ["a.b/c:d-e_f": "värde", "z": .string(String(repeating: "v", count: 1024))]),
    ])
    func roundTrip(payload: EntryPayload) throws {
        #expect(payload.bytes.first == 0)
        #expect(EntryPayload(bytes: payload.bytes) == payload)
    }

    @Test("the encoding does not depend on the order attributes were given in")
    func deterministic() {
        var forward: Attributes = [:]
        var backward: Attributes = [:]
        for index in 0..<20 { forward["k\(index)"] = "\(index)" }
        for index in (0..<20).reversed() { backward["k\(index)"] = "\(index)" }
        #expect(EntryPayload(message: "m", attributes: forward).bytes == EntryPayload(message: "m", attributes: backward).bytes)
    }

    @Test("truncated or padded framed payloads are refused, not misread")
    func malformed() {
        let bytes = EntryPayload(message: "message", attributes: ["key": "value"]).bytes
        for length in 1..<bytes.count {
            #expect(EntryPayload(bytes: Array(bytes.prefix(length))) == nil, "prefix of \(length) bytes")
        }
        #expect(EntryPayload(bytes: bytes + [0]) == nil)
    }

    @Test("payloads written before typed attributes read unchanged", arguments: [
        ([UInt8]("plain ✓".utf8), EntryPayload(message: "plain ✓")),
        ([0, 0, 0, 0, 1, 0x6d, 0, 1, 0, 1, 0x6b, 0, 0, 0, 2, 0x76, 0x31], EntryPayload(message: "m", attributes: ["k": "v1"])),
        ([1, 0x20, 0x6f, 0x6c, 0x64], EntryPayload(message: "\u{1} old")),
    ])
    func earlierEncodings(bytes: [UInt8], payload: EntryPayload) {
        #expect(EntryPayload(bytes: bytes) == payload)
    }

    static let typed = EntryPayload(
        message: "payment declined",
        attributes: ["http.status_code": 402, "ratio": 0.25, "cached": true, "raw": .bytes([0, 255]), "tags": .array(["a", 1]),
                     "user": .map(["id": "u-1", "nested": .map(["deep": .array([.bool(false)])])]), "name": "ünï"],
        resource: ["service.name": "checkout", "host.cpus": 2],
        scope: InstrumentationScope(name: "checkout.payments", version: "1.2.0", attributes: ["kind": "lib"]),
        traceID: Array(0..<16), spanID: Array(16..<24), flags: 1, eventName: "payment.declined",
        severityText: "ERROR", severityNumber: 17, nanoseconds: 789, observedTimeUnixNano: 1_700_000_001_000_000_000)

    @Test("typed attributes and the OTLP fields round-trip in the typed encoding", arguments: [
        EntryPayloadTests.typed,
        EntryPayload(message: "only a number", attributes: ["n": -1]),
        EntryPayload(message: "only nanoseconds", nanoseconds: 1),
        EntryPayload(message: "\u{1}starts with 0x01", resource: ["service.name": "s"]),
        EntryPayload(message: "doubles", attributes: ["nan": .double(.nan), "inf": .double(-.infinity), "zero": -0.0]),
    ])
    func typedRoundTrip(payload: EntryPayload) throws {
        #expect(payload.bytes.first == 1)
        let read = try #require(EntryPayload(bytes: payload.bytes))
        #expect(read.bytes == payload.bytes)
        if payload.attributes["nan"] == nil { #expect(read == payload) }
    }

    @Test("string attributes alone keep the earlier encoding, so an entry stored before reads and fingerprints the same")
    func plainStaysPlain() {
        #expect(EntryPayload(message: "m", attributes: ["k": "v"]).bytes.first == 0)
        #expect(EntryPayload(message: "\u{1}m").bytes.first == 0)
    }

    @Test("a truncated typed payload is never read as the payload it was cut from")
    func truncatedTyped() {
        let bytes = EntryPayloadTests.typed.bytes
        for length in 1..<bytes.count {
            #expect(EntryPayload(bytes: Array(bytes.prefix(length))) != EntryPayloadTests.typed, "prefix of \(length) bytes")
        }
    }
}
