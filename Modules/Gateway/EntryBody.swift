import Model

/// The body of `POST /logs`: one entry, a JSON array of entries, or `{"entries": [...]}`.
struct EntryBody: Decodable {
    let entries: [SubmittedEntry]
    let isBatch: Bool

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var entries: [SubmittedEntry] = []
            while !array.isAtEnd { entries.append(try array.decode(StrictEntry.self).entry) }
            self.entries = entries
            self.isBatch = true
            return
        }
        let object = try decoder.container(keyedBy: AnyKey.self)
        if object.contains(AnyKey("entries")) {
            if let unknown = object.allKeys.first(where: { $0.stringValue != "entries" }) {
                throw DecodingError.dataCorrupted(.init(codingPath: [unknown], debugDescription:
                    "unknown field (a batch object holds only `entries`)"))
            }
            self.entries = try object.decode([StrictEntry].self, forKey: AnyKey("entries")).map(\.entry)
            self.isBatch = true
        } else {
            self.entries = [try StrictEntry(from: decoder).entry]
            self.isBatch = false
        }
    }

    /// An entry with `severity` and `message` (strings) and optionally `timestamp` (a string),
    /// `attributes` (an object of strings) and `id` (a string); any other field is an error.
    struct StrictEntry: Decodable {
        static let fields = ["severity", "message", "timestamp", "attributes", "id"]
        let entry: SubmittedEntry

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            if let unknown = container.allKeys.first(where: { !StrictEntry.fields.contains($0.stringValue) }) {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: container.codingPath + [unknown],
                    debugDescription: "unknown field (allowed: \(StrictEntry.fields.joined(separator: ", ")))"))
            }
            entry = SubmittedEntry(
                severity: try container.decode(String.self, forKey: AnyKey("severity")),
                message: try container.decode(String.self, forKey: AnyKey("message")),
                timestamp: try container.decodeIfPresent(String.self, forKey: AnyKey("timestamp")),
                attributes: try container.decodeIfPresent([String: String].self, forKey: AnyKey("attributes")) ?? [:],
                id: try container.decodeIfPresent(String.self, forKey: AnyKey("id")))
        }
    }

    struct AnyKey: CodingKey {
        let stringValue: String
        let intValue: Int? = nil
        init(_ value: String) { stringValue = value }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
