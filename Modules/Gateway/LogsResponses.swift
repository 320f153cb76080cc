import Model

/// The answer to a stored single entry: where it landed.
struct StoredEntryResponse: JSONWritable {
    let id: String
    let timestamp: String

    init(_ reference: EntryReference) {
        id = reference.id
        timestamp = reference.timestamp.rfc3339
    }

    func write(to out: inout JSONText) {
        out.raw(#"{"id":"#)
        out.string(id)
        out.raw(#","timestamp":"#)
        out.string(timestamp)
        out.raw("}")
    }
}

/// The answer to a stored batch: every entry's id and timestamp, in submission order.
struct StoredBatchResponse: JSONWritable {
    let count: Int
    let entries: [StoredEntryResponse]

    var capacityHint: Int { 32 + entries.count * 80 }

    func write(to out: inout JSONText) {
        out.raw(#"{"count":"#)
        out.integer(count)
        out.raw(#","entries":["#)
        for (index, entry) in entries.enumerated() {
            if index > 0 { out.raw(",") }
            entry.write(to: &out)
        }
        out.raw("]}")
    }
}

/// `GET /logs`: `{"logs": [...], "nextCursor": ...}`; `nextCursor` is null on the last page.
struct LogPageResponse: JSONWritable {
    let page: LogPage

    var capacityHint: Int { 32 + page.logs.count * 200 }

    func write(to out: inout JSONText) {
        out.raw(#"{"logs":["#)
        for (index, entry) in page.logs.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw("{")
            if !entry.attributes.isEmpty {
                out.raw(#""attributes":{"#)
                for (number, key) in entry.attributes.keys.sorted().enumerated() {
                    if number > 0 { out.raw(",") }
                    out.string(key)
                    out.raw(":")
                    out.string(entry.attributes[key] ?? "")
                }
                out.raw("},")
            }
            if let failure = entry.failure {
                out.raw(#""error":{"code":"#)
                out.string(failure.code.rawValue)
                out.raw(#","message":"#)
                out.string(failure.message)
                out.raw("},")
            }
            out.raw(#""id":"#)
            out.string(entry.id)
            out.raw(#","message":"#)
            if let message = entry.message { out.string(message) } else { out.raw("null") }
            out.raw(#","severity":"#)
            out.string(entry.severity.name)
            out.raw(#","timestamp":"#)
            out.string(entry.timestamp.rfc3339)
            out.raw("}")
        }
        out.raw(#"],"nextCursor":"#)
        if let cursor = page.nextCursor { out.string(cursor) } else { out.raw("null") }
        out.raw("}")
    }

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
