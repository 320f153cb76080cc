public import Bus
import CoreMetrics
import Foundation
public import Logging
public import Model
import QueryLanguage
public import Storage
import Synchronization

/// The Ingest module: validates a batch, seals its entries and makes the tokens of their indexed fields through
/// Crypto, and stores it durably, all or nothing (`ingest.put`); then announces what it stored (`ingest.committed`).
public struct IngestModule: Sendable {
    public static let name = "ingest"

    let bus: Bus
    let store: any LogStore
    let settings: IngestSettings
    let fingerprint: Fingerprint
    /// The tenants and fields whose index watermark this process has recorded.
    let recorded = RecordedWatermarks()
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
        try await removeDroppedIndexes()
        let tokens = try await indexTokens(entries, bindings: bindings, tenant: tenant)
        let sealed = try await bus.request(Topics.cryptoSeal, SealRequest(
            tenant: tenant,
            items: zip(bindings, payloads).map { .init(binding: $0, plaintext: $1) }))
        guard sealed.count == bindings.count else { throw ServiceError.internalError("crypto returned a short batch") }
        let stored = bindings.indices.map { index in
            StoredEntry(tenant: tenant, key: EntryKey(timestamp: bindings[index].timestamp, id: bindings[index].id),
                        severity: bindings[index].severity, sealed: sealed[index],
                        fingerprint: entries[index].id == nil ? nil : fingerprints[index], tokens: tokens[index])
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

    /// Each entry's blind-index tokens, one per indexed field it has (one per word of an indexed message), made by
    /// Crypto under the tenant's index key; first records where each of the tenant's indexes begins, the first time
    /// this process writes it.
    private func indexTokens(_ entries: [ValidatedEntry], bindings: [EntryBinding], tenant: TenantID)
        async throws(ServiceError) -> [[IndexToken]] {
        let fields = settings.index.fields(for: tenant)
        guard !fields.isEmpty else { return entries.map { _ in [] } }
        await recordWatermarks(of: fields, tenant: tenant)
        let terms = zip(entries, bindings).map { entry, binding in
            let readable = LogEntry(id: binding.id, timestamp: binding.timestamp, severity: binding.severity, payload: entry.payload)
            return fields.flatMap { BlindIndex.terms(of: $0, in: readable) }
        }
        let all = terms.flatMap { $0 }
        guard !all.isEmpty else { return entries.map { _ in [] } }
        let tokens = try await bus.request(Topics.cryptoIndexTokens, IndexTokenRequest(tenant: tenant, terms: all))
        guard tokens.count == all.count else { throw ServiceError.internalError("crypto returned a short batch of tokens") }
        var start = 0
        return terms.map { entryTerms in
            defer { start += entryTerms.count }
            return Array(tokens[start..<start + entryTerms.count])
        }
    }

    /// Records, for each field not yet recorded by this process, that the tenant's index of it begins just after the
    /// tenant's newest stored entry: every entry stored before now has a timestamp up to that one, and every later
    /// one carries its token. A failure is logged and tried again with the next write (the index is then not used,
    /// which is slower, never wrong).
    private func recordWatermarks(of fields: [QueryField], tenant: TenantID) async {
        let missing = recorded.names.withLock { names in fields.filter { !names.contains(IndexName(tenant: tenant, field: $0.description)) } }
        guard !missing.isEmpty else { return }
        do {
            let newest = try await store.recent(tenant: tenant, limit: 1, before: nil, filter: EntryFilter()).entries.first
            let since = newest.map { Timestamp(microseconds: $0.key.timestamp.microseconds + 1) } ?? Timestamp(microseconds: .min)
            for field in missing {
                try await store.recordIndexWatermark(IndexWatermark(tenant: tenant, field: field.description, since: since))
                _ = recorded.names.withLock { $0.insert(IndexName(tenant: tenant, field: field.description)) }
            }
        } catch {
            logger.warning("recording where an index begins failed", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
        }
    }

    /// Removes, before this process writes its first entry, the index watermarks of fields it does not index: the
    /// entries it writes lack their tokens, so an index of them must no longer be used (and begins anew if the
    /// field is indexed again).
    private func removeDroppedIndexes() async throws(ServiceError) {
        guard !recorded.droppedRemoved.withLock({ $0 }) else { return }
        let index = settings.index
        try await store.removeIndexWatermarks { index.indexes($0.field, of: $0.tenant) }
        recorded.droppedRemoved.withLock { $0 = true }
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

/// A tenant's index of one field.
struct IndexName: Hashable {
    let tenant: TenantID
    let field: String
}

/// The indexes whose watermark a process has recorded, and whether it has removed those of fields it does not index.
final class RecordedWatermarks: Sendable {
    let names = Mutex<Set<IndexName>>([])
    let droppedRemoved = Mutex(false)
}
