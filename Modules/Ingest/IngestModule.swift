public import Bus
import CoreMetrics
import Foundation
public import Logging
import Model
public import Storage

/// The Ingest module: validates a batch, seals its entries through Crypto and stores it durably,
/// all or nothing (`ingest.put`); then announces what it stored (`ingest.committed`).
public struct IngestModule: Sendable {
    public static let name = "ingest"

    let bus: Bus
    let store: any LogStore
    let settings: IngestSettings
    let fingerprint: Fingerprint
    /// Entries written, all tenants together (no tenant label: tenants are unbounded and private).
    let ingested = Counter(label: "logsvc_entries_ingested_total")
    let logger: Logger

    /// `fingerprintKey` keys the hashes that recognise retried requests; every process serving one
    /// store must share it.
    public init(bus: Bus, store: any LogStore, settings: IngestSettings, fingerprintKey: [UInt8], logger: Logger) {
        self.bus = bus
        self.store = store
        self.settings = settings
        self.fingerprint = Fingerprint(key: fingerprintKey)
        self.logger = logger
    }

    public func register(on bus: Bus) throws(BusError) {
        try bus.serve(Topics.ingestPut, by: IngestModule.name) { request in try await self.put(request) }
    }

    func put(_ request: IngestRequest) async throws(ServiceError) -> IngestReceipt {
        try request.principal.authorize(.write)
        let now = Timestamp.now()
        let (entries, rejected) = try settings.validate(request.entries, acceptance: request.acceptance, now: now)
        guard !entries.isEmpty else { return IngestReceipt(stored: [], rejected: rejected) }
        let claimKey = try request.retry.map { (retry) throws(ServiceError) in
            switch retry {
            case .idempotencyKey(let key): try IngestModule.checkedIdempotencyKey(key)
            case .bodyDigest(let digest): "body:" + Hex.encode(fingerprint.of(bodyDigest: digest))
            }
        }
        let tenant = request.principal.tenant
        let payloads = entries.map(\.payload.bytes)
        // Keyed hashes only where a retry must be recognised: entries with a client id, or all under a key.
        let fingerprints = entries.indices.map { index in
            entries[index].id == nil && claimKey == nil ? nil : fingerprint.of(entries[index], payload: payloads[index])
        }
        let bindings = try entries.enumerated().map { (index, entry) throws(ServiceError) in
            let id = if let given = entry.id { given } else { try TimeOrderedID.make(at: now) }
            return EntryBinding(tenant: tenant, id: id,
                                timestamp: entry.timestamp ?? Timestamp(microseconds: now.microseconds + Int64(index)),
                                severity: entry.severity)
        }
        let sealed = try await bus.request(Topics.cryptoSeal, SealRequest(
            tenant: tenant,
            items: zip(bindings, payloads).map { .init(binding: $0, plaintext: $1) }))
        guard sealed.count == bindings.count else { throw ServiceError.internalError("crypto returned a short batch") }
        let stored = bindings.indices.map { index in
            StoredEntry(tenant: tenant, key: EntryKey(timestamp: bindings[index].timestamp, id: bindings[index].id),
                        severity: bindings[index].severity, sealed: sealed[index],
                        fingerprint: entries[index].id == nil ? nil : fingerprints[index])
        }
        let claim = claimKey.map { key in
            IdempotencyClaim(tenant: tenant, key: key, fingerprint: fingerprint.of(request: fingerprints.compactMap { $0 }),
                             madeAt: now, windowSeconds: settings.idempotencyWindowSeconds)
        }
        let outcome = try await store.append(AppendBatch(entries: stored, idempotency: claim))
        guard outcome.keys.count == stored.count else { throw ServiceError.internalError("the store returned a short batch") }
        ingested.increment(by: outcome.written.count { $0 })
        logger.debug("stored entries", metadata: ["tenant": "\(tenant)", "written": "\(outcome.written.count { $0 })",
                                                  "replayed": "\(outcome.replayed)", "rejected": "\(rejected.count)"])
        if outcome.written.contains(true), bus.hasSubscribers(Topics.ingestCommitted) {
            announce(entries: entries, outcome: outcome, tenant: tenant)
        }
        return IngestReceipt(stored: outcome.keys.map { EntryReference(id: $0.id, timestamp: $0.timestamp) },
                             replayed: outcome.replayed, rejected: rejected)
    }

    /// Publishes the entries this request wrote (not those already stored under their client id).
    private func announce(entries: [ValidatedEntry], outcome: AppendOutcome, tenant: TenantID) {
        let written = entries.indices.filter { outcome.written[$0] }.map { index in
            LogEntry(id: outcome.keys[index].id, timestamp: outcome.keys[index].timestamp, severity: entries[index].severity,
                     payload: entries[index].payload)
        }
        bus.publish(Topics.ingestCommitted, CommittedEntries(tenant: tenant, entries: written))
    }

    /// An `Idempotency-Key`: 1 to 255 printable ASCII characters.
    static func checkedIdempotencyKey(_ key: String) throws(ServiceError) -> String {
        let bytes = key.utf8
        guard (1...255).contains(bytes.count), bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ServiceError.invalid("Idempotency-Key must be 1 to 255 printable ASCII characters without spaces")
        }
        return key
    }
}
