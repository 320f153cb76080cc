/// An entry as a client submits it, before validation.
public struct SubmittedEntry: Sendable {
    public let severity: String
    public let message: String
    /// RFC 3339, as sent; the server's time when nil.
    public let timestamp: String?
    /// Flat string attributes, sealed with the message.
    public let attributes: [String: String]
    /// A client-chosen id: re-sending an entry with a stored id stores nothing new.
    public let id: String?

    public init(severity: String, message: String, timestamp: String? = nil, attributes: [String: String] = [:],
                id: String? = nil) {
        self.severity = severity
        self.message = message
        self.timestamp = timestamp
        self.attributes = attributes
        self.id = id
    }
}

/// A batch to store for the principal's tenant.
public struct IngestRequest: Sendable {
    public let principal: Principal
    public let entries: [SubmittedEntry]
    /// The `Idempotency-Key` of the request: a retry with the same key and body stores nothing new.
    public let idempotencyKey: String?

    public init(principal: Principal, entries: [SubmittedEntry], idempotencyKey: String? = nil) {
        self.principal = principal
        self.entries = entries
        self.idempotencyKey = idempotencyKey
    }
}

/// Where each stored entry landed, in submission order. `replayed` is true when the request's
/// idempotency key had already been used with this body: nothing new was stored.
public struct IngestReceipt: Sendable {
    public let stored: [EntryReference]
    public let replayed: Bool

    public init(stored: [EntryReference], replayed: Bool = false) {
        self.stored = stored
        self.replayed = replayed
    }
}

/// The identity of one stored entry.
public struct EntryReference: Sendable, Hashable {
    public let id: String
    public let timestamp: Timestamp

    public init(id: String, timestamp: Timestamp) {
        self.id = id
        self.timestamp = timestamp
    }
}

/// Entries just made durable, as the live tail sees them (`ingest.committed`).
public struct CommittedEntries: Sendable {
    public let tenant: TenantID
    public let entries: [LogEntry]

    public init(tenant: TenantID, entries: [LogEntry]) {
        self.tenant = tenant
        self.entries = entries
    }
}
