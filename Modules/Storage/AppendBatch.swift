public import Model

/// The entries of one request, stored all or nothing, with the request's idempotency claim if any.
public struct AppendBatch: Sendable {
    public let entries: [StoredEntry]
    public let idempotency: IdempotencyClaim?

    public init(entries: [StoredEntry], idempotency: IdempotencyClaim? = nil) {
        self.entries = entries
        self.idempotency = idempotency
    }
}

/// An `Idempotency-Key` and a keyed hash of the request it came with. A claim older than the
/// window no longer counts: the key may then be used again.
public struct IdempotencyClaim: Sendable, Hashable {
    public let tenant: TenantID
    public let key: String
    public let fingerprint: [UInt8]
    public let madeAt: Timestamp
    public let windowSeconds: Int

    public init(tenant: TenantID, key: String, fingerprint: [UInt8], madeAt: Timestamp, windowSeconds: Int) {
        self.tenant = tenant
        self.key = key
        self.fingerprint = fingerprint
        self.madeAt = madeAt
        self.windowSeconds = windowSeconds
    }
}

/// What an append did. `keys` holds, per submitted entry, where it is stored: a new key, or the
/// key of the entry already stored under the same client id. `replayed` means the idempotency key
/// had been claimed by the same request before: nothing was written and `keys` are the first answer's.
public struct AppendOutcome: Sendable, Equatable {
    public let keys: [EntryKey]
    public let replayed: Bool
    /// Per entry, whether this append wrote it (false: it was already stored).
    public let written: [Bool]

    public init(keys: [EntryKey], replayed: Bool, written: [Bool]) {
        self.keys = keys
        self.replayed = replayed
        self.written = written
    }
}
