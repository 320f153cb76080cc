public import Model

/// An entry as the stores keep it: the sort key in clear, the message sealed.
public struct StoredEntry: Sendable, Hashable {
    public let tenant: TenantID
    public let key: EntryKey
    public let severity: Severity
    public let sealed: SealedMessage
    /// Set when the client chose the id: the store keeps one entry per such id and tenant, and
    /// a later entry with the same id must carry the same fingerprint (else `conflict`).
    public let fingerprint: [UInt8]?
    /// The blind-index tokens of its indexed fields (docs/query-language.md#encrypted-indexes), written with it; a
    /// read by token finds it. Empty when read back: the store does not return them.
    public let tokens: [IndexToken]

    public init(tenant: TenantID, key: EntryKey, severity: Severity, sealed: SealedMessage, fingerprint: [UInt8]? = nil,
                tokens: [IndexToken] = []) {
        self.tenant = tenant
        self.key = key
        self.severity = severity
        self.sealed = sealed
        self.fingerprint = fingerprint
        self.tokens = tokens
    }

    /// The fields the sealed message is bound to.
    public var binding: EntryBinding {
        EntryBinding(tenant: tenant, id: key.id, timestamp: key.timestamp, severity: severity)
    }
}

/// The sort key within a tenant's partition: timestamp, then id.
public struct EntryKey: Sendable, Hashable, Comparable {
    public let timestamp: Timestamp
    public let id: String

    public init(timestamp: Timestamp, id: String) {
        self.timestamp = timestamp
        self.id = id
    }

    public static func < (lhs: EntryKey, rhs: EntryKey) -> Bool {
        (lhs.timestamp, lhs.id) < (rhs.timestamp, rhs.id)
    }
}

/// A page of stored entries, newest first; `next` is where the following page starts (exclusive).
public struct StoredPage: Sendable {
    public let entries: [StoredEntry]
    public let next: EntryKey?

    public init(entries: [StoredEntry], next: EntryKey?) {
        self.entries = entries
        self.next = next
    }
}
