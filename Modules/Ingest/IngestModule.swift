public import Bus
import Foundation
public import Logging
import Model
public import Storage

/// The Ingest module: validates a batch, seals its messages through Crypto and stores it durably,
/// all or nothing (`ingest.put`).
public struct IngestModule: Sendable {
    public static let name = "ingest"

    let bus: Bus
    let store: any LogStore
    let limits: IngestLimits
    let logger: Logger

    public init(bus: Bus, store: any LogStore, limits: IngestLimits, logger: Logger) {
        self.bus = bus
        self.store = store
        self.limits = limits
        self.logger = logger
    }

    public func register(on bus: Bus) throws(BusError) {
        try bus.serve(Topics.ingestPut, by: IngestModule.name) { request in try await self.put(request) }
    }

    func put(_ request: IngestRequest) async throws(ServiceError) -> IngestReceipt {
        guard request.principal.canWrite else {
            throw ServiceError(.forbidden, "this caller may not write logs")
        }
        let severities = try validate(request.entries)
        let tenant = request.principal.tenant
        let start = Timestamp.now().microseconds
        let bindings = severities.enumerated().map { index, severity in
            EntryBinding(tenant: tenant, id: UUID().uuidString.lowercased(),
                         timestamp: Timestamp(microseconds: start + Int64(index)), severity: severity)
        }
        let sealed = try await bus.request(Topics.cryptoSeal, SealRequest(
            tenant: tenant,
            items: zip(bindings, request.entries).map { .init(binding: $0, plaintext: Array($1.message.utf8)) }))
        guard sealed.count == bindings.count else { throw ServiceError.internalError("crypto returned a short batch") }
        try await store.append(zip(bindings, sealed).map { binding, sealed in
            StoredEntry(tenant: tenant, key: EntryKey(timestamp: binding.timestamp, id: binding.id),
                        severity: binding.severity, sealed: sealed)
        })
        logger.debug("stored entries", metadata: ["tenant": "\(tenant)", "count": "\(bindings.count)"])
        return IngestReceipt(stored: bindings.map { EntryReference(id: $0.id, timestamp: $0.timestamp) })
    }

    /// Checks every entry before anything is stored; the first problem rejects the whole batch.
    func validate(_ entries: [SubmittedEntry]) throws(ServiceError) -> [Severity] {
        guard !entries.isEmpty else { throw ServiceError.invalid("the batch holds no entries") }
        guard entries.count <= limits.maxBatchEntries else {
            throw ServiceError(.payloadTooLarge,
                               "the batch holds \(entries.count) entries; the limit is \(limits.maxBatchEntries) (max_batch_entries)")
        }
        var total = 0
        var severities: [Severity] = []
        severities.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let field = entries.count == 1 ? "" : "entries[\(index)]."
            guard let severity = Severity(name: entry.severity) else {
                throw ServiceError.invalid(
                    "\(field)severity \"\(entry.severity.prefix(32))\" is not one of debug, info, warning, error, critical (or an alias)")
            }
            let size = entry.message.utf8.count
            guard size > 0 else { throw ServiceError.invalid("\(field)message is empty") }
            guard size <= limits.maxMessageBytes else {
                throw ServiceError(.payloadTooLarge,
                                   "\(field)message is \(size) bytes; the limit is \(limits.maxMessageBytes) (max_message_bytes)")
            }
            total += size
            severities.append(severity)
        }
        guard total <= limits.maxBatchMessageBytes else {
            throw ServiceError(.payloadTooLarge,
                               "the batch's messages total \(total) bytes; the limit is \(limits.maxBatchMessageBytes) (max_batch_message_bytes)")
        }
        return severities
    }
}
