import Model
import NIOCore

/// The body of `POST /logs`: one entry, a JSON array of entries, or `{"entries": [...]}`; or, as NDJSON, one entry
/// per line (a batch). Read straight from the parsed document rather than through `Decodable`, which costs a batch
/// of 1,000 entries more than parsing it; the errors are the `DecodingError`s `StrictJSONDecoder` would report, with
/// the same coding paths.
struct EntryBody {
    let entries: [SubmittedEntry]
    let isBatch: Bool

    /// The body as `format` frames it; a body that is not one is 400 `invalid_request` saying where (for NDJSON,
    /// which line).
    static func read(_ body: ByteBuffer, as format: BodyFormat) throws(ServiceError) -> EntryBody {
        do {
            switch format {
            case .json: return try EntryBody(json: body.readableBytesView)
            case .ndjson: return try EntryBody(ndjson: body.readableBytesView)
            case .protobuf: throw Admission.unsupportedMediaType(accepting: [.json, .ndjson])
            }
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError.invalid(JSONCoding.describe(error))
        }
    }

    /// NDJSON: each line (ended by LF, an optional CR before it dropped) one entry object; blank lines are skipped.
    private init(ndjson body: ByteBufferView) throws(ServiceError) {
        var entries: [SubmittedEntry] = []
        for (index, line) in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let text = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            guard text.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { continue }
            do {
                entries.append(try StrictEntry.entry(try JSONParser.parse(text), at: []))
            } catch {
                throw ServiceError.invalid("line \(index + 1): \(JSONCoding.describe(error, subject: "the line"))")
            }
        }
        self.entries = entries
        isBatch = true
    }

    /// Throws `JSONSyntaxError` for a body that is not strict JSON, `DecodingError` for one that is no entry or batch.
    init(json: some Collection<UInt8>) throws {
        let node = try JSONParser.parse(json)
        switch node {
        case .array(let elements):
            entries = try StrictEntry.entries(elements, at: [])
            isBatch = true
        case .object(let members) where members.contains(where: { $0.name == "entries" }):
            if let unknown = members.first(where: { $0.name != "entries" }) {
                throw DecodingError.dataCorrupted(.init(codingPath: [AnyKey(unknown.name)], debugDescription:
                    "unknown field (a batch object holds only `entries`)"))
            }
            let list = members.first(where: { $0.name == "entries" })?.value ?? .null
            guard case .array(let elements) = list else { throw list.mismatch([SubmittedEntry].self, at: [AnyKey("entries")]) }
            entries = try StrictEntry.entries(elements, at: [AnyKey("entries")])
            isBatch = true
        default:
            entries = [try StrictEntry.entry(node, at: [])]
            isBatch = false
        }
    }

    /// An entry with `severity` and `message` (strings) and optionally `timestamp` (a string),
    /// `attributes` (an object of typed values: `attribute(_:at:)`) and `id` (a string), each of the optional ones also null;
    /// any other field is an error.
    struct StrictEntry: Decodable {
        static let fields = ["severity", "message", "timestamp", "attributes", "id"]
        let entry: SubmittedEntry

        init(from decoder: any Decoder) throws {
            entry = try StrictEntry.entry(try decoder.singleValueContainer().decode(JSONNode.self), at: decoder.codingPath)
        }

        static func entries(_ elements: [JSONNode], at path: [any CodingKey]) throws -> [SubmittedEntry] {
            var entries: [SubmittedEntry] = []
            entries.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() { entries.append(try entry(element, at: path + [AnyKey(index: index)])) }
            return entries
        }

        static func entry(_ node: JSONNode, at path: [any CodingKey]) throws -> SubmittedEntry {
            guard case .object(let members) = node else { throw node.mismatch([String: Any].self, at: path) }
            if let unknown = members.first(where: { !fields.contains($0.name) }) {
                throw DecodingError.dataCorrupted(.init(codingPath: path + [AnyKey(unknown.name)],
                    debugDescription: "unknown field (allowed: \(fields.joined(separator: ", ")))"))
            }
            // At most five members: looked up in place, in the order StrictJSONDecoder would read them.
            func value(_ name: String) -> JSONNode? { members.first(where: { $0.name == name })?.value }
            func required(_ name: String) throws -> String {
                guard let node = value(name) else { throw DecodingError.keyNotFound(AnyKey(name), .init(codingPath: path, debugDescription: "missing")) }
                return try string(node, at: path, name)
            }
            func optional(_ name: String) throws -> String? {
                guard let node = value(name), node != .null else { return nil }
                return try string(node, at: path, name)
            }
            let severity = try required("severity"), message = try required("message"), timestamp = try optional("timestamp")
            var attributes: Attributes = [:]
            switch value("attributes") {
            case nil, .null?: break
            case .object(let pairs)?: attributes = try map(pairs, at: path + [AnyKey("attributes")])
            case let other?: throw other.mismatch([String: String].self, at: path + [AnyKey("attributes")])
            }
            return SubmittedEntry(severity: severity, message: message, timestamp: timestamp, attributes: attributes, id: try optional("id"))
        }

        /// A typed attribute value: a string, a boolean, a number (an integer within Int64 is an int, any other
        /// number a double), or an array or object of those; null is no value.
        static func attribute(_ node: JSONNode, at path: [any CodingKey]) throws -> AnyValue {
            switch node {
            case .string(let text): return .string(text)
            case .bool(let flag): return .bool(flag)
            case .number(let text):
                if let integer = Int64(text) { return .int(integer) }
                guard let double = Double(text), double.isFinite else {
                    throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "a number outside the range of a double"))
                }
                return .double(double)
            case .array(let elements):
                return .array(try elements.enumerated().map { index, element in try attribute(element, at: path + [AnyKey(index: index)]) })
            case .object(let members): return .map(try map(members, at: path))
            case .null: throw node.mismatch(AnyValue.self, at: path)
            }
        }

        private static func map(_ members: [JSONMember], at path: [any CodingKey]) throws -> Attributes {
            var attributes: Attributes = [:]
            attributes.reserveCapacity(members.count)
            for member in members { attributes[member.name] = try attribute(member.value, at: path + [AnyKey(member.name)]) }
            return attributes
        }

        private static func string(_ node: JSONNode, at path: [any CodingKey], _ name: String) throws -> String {
            guard case .string(let text) = node else { throw node.mismatch(String.self, at: path + [AnyKey(name)]) }
            return text
        }

    }

    struct AnyKey: CodingKey {
        let stringValue: String
        let intValue: Int?
        init(_ value: String) { (stringValue, intValue) = (value, nil) }
        init(index: Int) { (stringValue, intValue) = ("Index \(index)", index) }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { self.init(index: intValue) }
    }
}

extension KeyedDecodingContainer where Key == EntryBody.AnyKey {
    /// Throws for a member not among `fields`, naming them: a strict body holds only the fields its route reads, so
    /// nothing sent is silently dropped.
    func rejectUnknown(_ fields: [String]) throws {
        guard let unknown = allKeys.first(where: { !fields.contains($0.stringValue) }) else { return }
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [unknown],
                                                debugDescription: "unknown field (allowed: \(fields.joined(separator: ", ")))"))
    }
}
