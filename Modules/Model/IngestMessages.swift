/// An entry as a client submits it, before validation.
public struct SubmittedEntry: Sendable, Codable {
    public let severity: String
    public let message: String

    public init(severity: String, message: String) {
        self.severity = severity
        self.message = message
    }
}

/// A batch to store for the principal's tenant.
public struct IngestRequest: Sendable {
    public let principal: Principal
    public let entries: [SubmittedEntry]

    public init(principal: Principal, entries: [SubmittedEntry]) {
        self.principal = principal
        self.entries = entries
    }
}

/// Where each stored entry landed, in submission order.
public struct IngestReceipt: Sendable {
    public let stored: [EntryReference]

    public init(stored: [EntryReference]) { self.stored = stored }
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
