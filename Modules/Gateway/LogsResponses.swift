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

    /// The page as JSON, byte for byte what `JSONCoding.encoder()` writes (sorted keys, slashes
    /// unescaped), written straight into one buffer: the generic encoder took 29% of a read's CPU.
    var json: [UInt8] {
        var out = JSONText()
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
        return out.bytes
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

/// JSON text being written: raw punctuation, and strings escaped as RFC 8259 requires (quote,
/// backslash and control characters; everything else, slashes included, as UTF-8).
struct JSONText {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                Hex.append(byte, to: &bytes)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
