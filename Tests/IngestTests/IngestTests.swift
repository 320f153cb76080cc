import Bus
import Composition
import Ingest
import Model
import TestSupport
import Testing

private let writer = Principal(subject: "w", tenant: TenantID("acme")!, roles: [.writer])
private let reader = Principal(subject: "r", tenant: TenantID("acme")!, roles: [.reader])
private let everyone = Principal(subject: "u", tenant: TenantID("acme")!, roles: [.writer, .reader])

private func put(_ bus: Bus, _ entries: [SubmittedEntry], as principal: Principal = writer) async throws -> IngestReceipt {
    try await bus.request(Topics.ingestPut, IngestRequest(principal: principal, entries: entries))
}

private func stored(_ bus: Bus) async throws -> [LogEntry] {
    try await bus.request(Topics.queryRecent, RecentQuery(principal: everyone, limit: 1000)).logs
}

@Suite("Ingest")
struct IngestTests {
    @Test("stores a batch in submission order with distinct ids and normalised severities")
    func storesBatch() async throws {
        let (service, _) = try await makeTestService()
        let receipt = try await put(service.bus, [
            SubmittedEntry(severity: "WARN", message: "first"), SubmittedEntry(severity: "fatal", message: "second"),
        ])
        #expect(receipt.stored.count == 2)
        #expect(Set(receipt.stored.map(\.id)).count == 2)
        #expect(receipt.stored[0].timestamp < receipt.stored[1].timestamp)
        let logs = try await stored(service.bus)
        #expect(logs.map(\.message) == ["second", "first"])
        #expect(logs.map(\.severity) == [.critical, .warning])
        #expect(logs.map(\.id) == receipt.stored.reversed().map(\.id))
        await service.shutdown()
    }

    @Test("rejects the whole batch when any entry is invalid, storing nothing", arguments: [
        [SubmittedEntry(severity: "info", message: "ok"), SubmittedEntry(severity: "loud", message: "bad severity")],
        [SubmittedEntry(severity: "info", message: "ok"), SubmittedEntry(severity: "info", message: "")],
        [SubmittedEntry(severity: "info", message: "ok"),
         SubmittedEntry(severity: "info", message: String(repeating: "x", count: 262_145))],
        [],
    ])
    func allOrNothing(entries: [SubmittedEntry]) async throws {
        let (service, _) = try await makeTestService()
        let error = await #expect(throws: ServiceError.self) { try await put(service.bus, entries) }
        #expect(error?.code == .invalidRequest || error?.code == .payloadTooLarge)
        #expect(try await stored(service.bus).isEmpty)
        await service.shutdown()
    }

    @Test("names the offending entry and the limit in its errors")
    func errorMessages() async throws {
        let (service, _) = try await makeTestService { $0.ingest.maxBatchEntries = 3 }
        let bad = await #expect(throws: ServiceError.self) {
            try await put(service.bus, [SubmittedEntry(severity: "info", message: "a"), SubmittedEntry(severity: "nope", message: "b")])
        }
        #expect(bad?.message.contains("entries[1].severity") == true)
        let many = await #expect(throws: ServiceError.self) {
            try await put(service.bus, Array(repeating: SubmittedEntry(severity: "info", message: "m"), count: 4))
        }
        #expect(many?.code == .payloadTooLarge)
        #expect(many?.message.contains("max_batch_entries") == true)
        await service.shutdown()
    }

    @Test("enforces the total message bytes of a batch")
    func batchBytes() async throws {
        let (service, _) = try await makeTestService { $0.ingest.maxBatchMessageBytes = 10 }
        let error = await #expect(throws: ServiceError.self) {
            try await put(service.bus, [SubmittedEntry(severity: "info", message: "123456"), SubmittedEntry(severity: "info", message: "123456")])
        }
        #expect(error?.code == .payloadTooLarge)
        #expect(error?.message.contains("max_batch_message_bytes") == true)
        await service.shutdown()
    }

    @Test("refuses writes from a reader")
    func readersCannotWrite() async throws {
        let (service, _) = try await makeTestService()
        let error = await #expect(throws: ServiceError.self) {
            try await put(service.bus, [SubmittedEntry(severity: "info", message: "x")], as: reader)
        }
        #expect(error?.code == .forbidden)
        await service.shutdown()
    }
}
