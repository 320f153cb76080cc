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

    var capacityHint: Int { 32 + page.logs.count * 300 }

    func write(to out: inout JSONText) {
        out.raw(#"{"logs":["#)
        for (index, entry) in page.logs.enumerated() {
            if index > 0 { out.raw(",") }
            EntryJSON(entry: entry).write(to: &out)
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
}
