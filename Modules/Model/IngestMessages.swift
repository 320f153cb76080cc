/// An entry as a client submits it, before validation.
public struct SubmittedEntry: Sendable {
    /// A severity name or alias (`Severity(name:)`).
    public let severity: String
    /// The message, attributes and, from OTLP, the record's other fields; sealed together.
    public let payload: EntryPayload
    /// RFC 3339, as sent; when nil, `timeUnixNano`, else the server's time.
    public let timestamp: String?
    /// Nanoseconds since the epoch (OTLP's `time_unix_nano`).
    public let timeUnixNano: Int64?
    /// A client-chosen id: re-sending an entry with a stored id stores nothing new.
    public let id: String?

    public init(severity: String, payload: EntryPayload, timestamp: String? = nil, timeUnixNano: Int64? = nil, id: String? = nil) {
        self.severity = severity
        self.payload = payload
        self.timestamp = timestamp
        self.timeUnixNano = timeUnixNano
        self.id = id
    }

    public init(severity: String, message: String, timestamp: String? = nil, attributes: Attributes = [:], id: String? = nil) {
        self.init(severity: severity, payload: EntryPayload(message: message, attributes: attributes), timestamp: timestamp, id: id)
    }

    public var message: String { payload.message }
}

/// A batch to store for the principal's tenant.
public struct IngestRequest: Sendable {
    public let principal: Principal
    public let entries: [SubmittedEntry]
    /// What tells a retry of this request from a new one: a retry stores nothing new.
    public let retry: RetryIdentity?
    /// `allOrNothing`: one invalid entry refuses the request (REST, JSON-RPC). `validOnes`: invalid entries are
    /// left out and reported in the receipt, the others stored (OTLP's partial success).
    public let acceptance: Acceptance

    public enum Acceptance: Sendable {
        case allOrNothing
        case validOnes
    }

    public init(principal: Principal, entries: [SubmittedEntry], retry: RetryIdentity? = nil, acceptance: Acceptance = .allOrNothing) {
        self.principal = principal
        self.entries = entries
        self.retry = retry
        self.acceptance = acceptance
    }

    public init(principal: Principal, entries: [SubmittedEntry], idempotencyKey: String?) {
        self.init(principal: principal, entries: entries, retry: idempotencyKey.map(RetryIdentity.idempotencyKey))
    }
}

/// How a retried request is recognised within the idempotency window.
public enum RetryIdentity: Sendable {
    /// The request's `Idempotency-Key`, with the same entries.
    case idempotencyKey(String)
    /// The SHA-256 digest of the request's body: the same bytes again from the same tenant (OTLP exporters retry
    /// without a key). Only a keyed hash of the digest is stored.
    case bodyDigest([UInt8])
}

/// Where each stored entry landed, in submission order. `replayed` is true when the request's
/// idempotency key had already been used with this body: nothing new was stored.
public struct IngestReceipt: Sendable {
    public let stored: [EntryReference]
    public let replayed: Bool
    /// With `Acceptance.validOnes`: the entries left out, by their index in the request, and why.
    public let rejected: [RejectedEntry]

    public init(stored: [EntryReference], replayed: Bool = false, rejected: [RejectedEntry] = []) {
        self.stored = stored
        self.replayed = replayed
        self.rejected = rejected
    }
}

/// An entry that was not stored, and the error that refused it.
public struct RejectedEntry: Sendable {
    public let index: Int
    public let error: ServiceError

    public init(index: Int, error: ServiceError) {
        self.index = index
        self.error = error
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
