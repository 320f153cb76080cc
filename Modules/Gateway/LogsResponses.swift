import Model

/// The answer to a stored single entry: where it landed.
struct StoredEntryResponse: Encodable {
    let id: String
    let timestamp: String

    init(_ reference: EntryReference) {
        id = reference.id
        timestamp = reference.timestamp.rfc3339
    }
}

/// The answer to a stored batch: every entry's id and timestamp, in submission order.
struct StoredBatchResponse: Encodable {
    let count: Int
    let entries: [StoredEntryResponse]
}

/// `GET /logs`: `{"logs": [...], "nextCursor": ...}`; `nextCursor` is null on the last page.
struct LogPageResponse: Encodable {
    let page: LogPage

    enum CodingKeys: String, CodingKey { case logs, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(page.logs.map(EntryJSON.init), forKey: .logs)
        try container.encode(page.nextCursor, forKey: .nextCursor)
    }

    /// One entry; `attributes` only when it has some; an entry that cannot be decrypted has
    /// `message: null` and an `error`.
    struct EntryJSON: Encodable {
        let entry: LogEntry

        enum CodingKeys: String, CodingKey { case id, timestamp, severity, message, attributes, error }
        struct Failure: Encodable {
            let code: String
            let message: String
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(entry.id, forKey: .id)
            try container.encode(entry.timestamp.rfc3339, forKey: .timestamp)
            try container.encode(entry.severity.name, forKey: .severity)
            try container.encode(entry.message, forKey: .message)
            if !entry.attributes.isEmpty {
                try container.encode(entry.attributes, forKey: .attributes)
            }
            if let failure = entry.failure {
                try container.encode(Failure(code: failure.code.rawValue, message: failure.message), forKey: .error)
            }
        }
    }
}
