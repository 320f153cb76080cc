import Bus
import Composition
import Ingest
import Model
import TestSupport
import Testing

private let writer = Principal(subject: "w", tenant: TenantID("acme")!, roles: [.writer, .reader])

@discardableResult
private func put(_ bus: Bus, _ entries: [SubmittedEntry], key: String? = nil) async throws -> IngestReceipt {
    try await bus.request(Topics.ingestPut, IngestRequest(principal: writer, entries: entries, idempotencyKey: key))
}

private func stored(_ bus: Bus) async throws -> [LogEntry] {
    try await bus.request(Topics.queryRecent, RecentQuery(principal: writer, limit: 1000)).logs
}

private func time(_ offsetSeconds: Int64) -> Timestamp {
    Timestamp(microseconds: Timestamp.now().microseconds + offsetSeconds * 1_000_000)
}

@Suite("Optional entry fields: timestamp, attributes, id")
struct EntryFieldsTests {
    @Test("a client timestamp within 14 days back and 2 hours ahead is stored as sent")
    func clientTimestamp() async throws {
        let (service, _) = try await makeTestService()
        let past = Timestamp(microseconds: time(-13 * 86_400).microseconds / 1_000_000 * 1_000_000)
        let future = time(3_600)
        let receipt = try await put(service.bus, [
            SubmittedEntry(severity: "info", message: "old", timestamp: past.rfc3339),
            SubmittedEntry(severity: "info", message: "soon", timestamp: future.rfc3339),
        ])
        #expect(receipt.stored.map(\.timestamp) == [past, future])
        let logs = try await stored(service.bus)
        #expect(logs.map(\.message) == ["soon", "old"])
        #expect(logs.map(\.timestamp) == [future, past])
        await service.shutdown()
    }

    @Test("a timestamp too old, too far ahead or not RFC 3339 rejects the batch and stores nothing", arguments: [
        (time(-15 * 86_400).rfc3339, "max_timestamp_age_seconds"),
        (time(3 * 3_600).rfc3339, "max_timestamp_lead_seconds"),
        ("2026-11-29 08:15", "RFC 3339"),
        ("yesterday", "RFC 3339"),
    ])
    func badTimestamp(text: String, named: String) async throws {
        let (service, _) = try await makeTestService()
        let error = await #expect(throws: ServiceError.self) {
            try await put(service.bus, [SubmittedEntry(severity: "info", message: "ok"),
                                        SubmittedEntry(severity: "info", message: "bad", timestamp: text)])
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("entries[1].timestamp") == true)
        #expect(error?.message.contains(named) == true)
        #expect(try await stored(service.bus).isEmpty)
        await service.shutdown()
    }

    @Test("attributes are sealed with the message and read back exactly, typed")
    func attributesRoundTrip() async throws {
        let (service, _) = try await makeTestService()
        let attributes: Attributes = ["service": "checkout", "http.status": 503, "ratio": 0.5, "ok": false, "raw": .bytes([0, 1]),
                                      "trace:id": "4bf92f3577b34da6", "empty": "", "tags": .array(["a", 2]), "user": .map(["id": "u-1"])]
        try await put(service.bus, [SubmittedEntry(severity: "error", message: "payment failed", attributes: attributes)])
        let logs = try await stored(service.bus)
        #expect(logs.first?.attributes == attributes)
        #expect(logs.first?.message == "payment failed")
        await service.shutdown()
    }

    @Test("attribute limits: count, key syntax and value size, each named", arguments: [
        (Attributes(uniqueKeysWithValues: (0..<33).map { ("k\($0)", "v") }), "max_attributes", ServiceError.Code.payloadTooLarge),
        (["has space": "v"], "letters, digits", .invalidRequest),
        (["": "v"], "letters, digits", .invalidRequest),
        ([String(repeating: "k", count: 129): "v"], "letters, digits", .invalidRequest),
        (["k": .string(String(repeating: "v", count: 1025))], "max_attribute_value_bytes", .payloadTooLarge),
        (["k": .array(Array(repeating: .string(String(repeating: "v", count: 100)), count: 11))], "max_attribute_value_bytes", .payloadTooLarge),
        (["k": .map(["has space": 1])], "letters, digits", .invalidRequest),
        (["k": (0..<9).reduce(AnyValue.int(1)) { inner, _ in .array([inner]) }], "8 deep", .invalidRequest),
    ])
    func attributeLimits(attributes: Attributes, named: String, code: ServiceError.Code) async throws {
        let (service, _) = try await makeTestService()
        let error = await #expect(throws: ServiceError.self) {
            try await put(service.bus, [SubmittedEntry(severity: "info", message: "m", attributes: attributes)])
        }
        #expect(error?.code == code)
        #expect(error?.message.contains(named) == true)
        #expect(try await stored(service.bus).isEmpty)
        await service.shutdown()
    }

    @Test("attribute bytes count toward the batch limit")
    func attributesCountTowardBatch() async throws {
        let (service, _) = try await makeTestService { $0.ingest.maxBatchMessageBytes = 20 }
        let error = await #expect(throws: ServiceError.self) {
            try await put(service.bus, [SubmittedEntry(severity: "info", message: "short", attributes: ["key": .string(String(repeating: "v", count: 20))])])
        }
        #expect(error?.message.contains("max_batch_message_bytes") == true)
        await service.shutdown()
    }

    @Test("a client id is kept; sending the entry again stores nothing and answers the first reference")
    func clientIDIsIdempotent() async throws {
        let (service, _) = try await makeTestService()
        let first = try await put(service.bus, [SubmittedEntry(severity: "info", message: "charged", id: "payment-42")])
        #expect(first.stored.map(\.id) == ["payment-42"])
        let again = try await put(service.bus, [SubmittedEntry(severity: "INFO", message: "charged", id: "payment-42"),
                                                SubmittedEntry(severity: "info", message: "next", id: "payment-43")])
        #expect(again.stored.first == first.stored.first)
        #expect(try await stored(service.bus).map(\.message) == ["next", "charged"])
        await service.shutdown()
    }

    @Test("the same client id with another message, severity or timestamp is a conflict and stores nothing")
    func clientIDConflict() async throws {
        let (service, _) = try await makeTestService()
        try await put(service.bus, [SubmittedEntry(severity: "info", message: "charged", id: "payment-42")])
        for changed in [SubmittedEntry(severity: "info", message: "refunded", id: "payment-42"),
                        SubmittedEntry(severity: "error", message: "charged", id: "payment-42"),
                        SubmittedEntry(severity: "info", message: "charged", attributes: ["a": "b"], id: "payment-42"),
                        SubmittedEntry(severity: "info", message: "charged", timestamp: time(-60).rfc3339, id: "payment-42")] {
            let error = await #expect(throws: ServiceError.self) {
                try await put(service.bus, [SubmittedEntry(severity: "info", message: "innocent"), changed])
            }
            #expect(error?.code == .conflict)
        }
        #expect(try await stored(service.bus).map(\.message) == ["charged"])
        await service.shutdown()
    }

    @Test("ids must be well formed and unique within a batch", arguments: ["", "has space", String(repeating: "x", count: 129), "ü"])
    func badIDs(id: String) async throws {
        let (service, _) = try await makeTestService()
        let error = await #expect(throws: ServiceError.self) {
            try await put(service.bus, [SubmittedEntry(severity: "info", message: "m", id: id)])
        }
        #expect(error?.code == .invalidRequest)
        let twice = await #expect(throws: ServiceError.self) {
            try await put(service.bus, [SubmittedEntry(severity: "info", message: "a", id: "same"),
                                        SubmittedEntry(severity: "info", message: "b", id: "same")])
        }
        #expect(twice?.message == "entries[1].id is the id of an earlier entry of the batch")
        #expect(try await stored(service.bus).isEmpty)
        await service.shutdown()
    }

    @Test("an idempotency key replays the first receipt for the same batch and refuses a different one")
    func idempotencyKey() async throws {
        let (service, _) = try await makeTestService()
        let batch = [SubmittedEntry(severity: "info", message: "one"), SubmittedEntry(severity: "warn", message: "two")]
        let first = try await put(service.bus, batch, key: "upload-7")
        #expect(!first.replayed)
        let retry = try await put(service.bus, batch, key: "upload-7")
        #expect(retry.replayed)
        #expect(retry.stored == first.stored)
        let error = await #expect(throws: ServiceError.self) {
            try await put(service.bus, [SubmittedEntry(severity: "info", message: "one")], key: "upload-7")
        }
        #expect(error?.code == .conflict)
        #expect(try await stored(service.bus).count == 2)
        let bad = await #expect(throws: ServiceError.self) { try await put(service.bus, batch, key: "has space") }
        #expect(bad?.code == .invalidRequest)
        await service.shutdown()
    }
}
