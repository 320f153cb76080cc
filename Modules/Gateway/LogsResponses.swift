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

/// `GET /logs`, `POST /logs/query` and `logs.query`: `{"logs": [...], "nextCursor": ...}`, or for a query with
/// `stats` `{"columns": [...], "rows": [[...]], "nextCursor": ...}`; `nextCursor` is null on the last page (for a
/// table: when the scan covered the whole range).
struct LogPageResponse: JSONWritable {
    let page: LogPage

    var capacityHint: Int { 32 + page.logs.count * 300 + (page.table?.rows.count ?? 0) * 64 }

    func write(to out: inout JSONText) {
        if let table = page.table {
            out.raw(#"{"columns":["#)
            for (index, column) in table.columns.enumerated() {
                if index > 0 { out.raw(",") }
                out.string(column)
            }
            out.raw(#"],"nextCursor":"#)
            if let cursor = page.nextCursor { out.string(cursor) } else { out.raw("null") }
            out.raw(#","rows":["#)
            for (index, row) in table.rows.enumerated() {
                out.raw(index > 0 ? ",[" : "[")
                for (column, cell) in row.enumerated() {
                    if column > 0 { out.raw(",") }
                    if let cell { out.attribute(cell) } else { out.raw("null") }
                }
                out.raw("]")
            }
            out.raw("]}")
            return
        }
        out.raw(#"{"logs":["#)
        for (index, entry) in page.logs.enumerated() {
            if index > 0 { out.raw(",") }
            EntryJSON(entry: entry).write(to: &out)
        }
        out.raw(#"],"nextCursor":"#)
        if let cursor = page.nextCursor { out.string(cursor) } else { out.raw("null") }
        out.raw("}")
    }

    enum CodingKeys: String, CodingKey { case logs, nextCursor, columns, rows }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let table = page.table {
            try container.encode(table.columns, forKey: .columns)
            try container.encode(table.rows, forKey: .rows)
        } else {
            try container.encode(page.logs.map(EntryJSON.init), forKey: .logs)
        }
        try container.encode(page.nextCursor, forKey: .nextCursor)
    }
}
