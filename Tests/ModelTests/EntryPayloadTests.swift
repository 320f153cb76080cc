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
        EntryPayload(message: "üñí", attributes: ["a.b/c:d-e_f": "värde", "z": String(repeating: "v", count: 1024)]),
    ])
    func roundTrip(payload: EntryPayload) throws {
        #expect(payload.bytes.first == 0)
        #expect(EntryPayload(bytes: payload.bytes) == payload)
    }

    @Test("the encoding does not depend on the order attributes were given in")
    func deterministic() {
        var forward: [String: String] = [:]
        var backward: [String: String] = [:]
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
}
