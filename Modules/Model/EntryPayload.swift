/// What is sealed for one entry: everything but its key (microsecond timestamp, id) and severity.
///
/// Three encodings, told apart by the first byte; all three are read, and the writer picks the oldest one that
/// holds the payload, so an entry that uses none of the newer fields is stored as it always was:
/// - no attributes, message not starting with NUL or 0x01: the message's UTF-8 bytes (earlier versions wrote a
///   message starting with 0x01 this way too: bytes that do not parse as the third encoding are read as this one);
/// - `0x00 | u32 length | message | u16 count | (u16 length | key | u32 length | value)*`: string attributes;
/// - `0x01 | u32 length | message | map | (u8 field | value)*`: typed attributes and the OTLP fields, each optional
///   field at most once, in field order (1 resource: map, 2 scope: string name, string version, map,
///   3 trace id: 16 bytes, 4 span id: 8 bytes, 5 flags: u32, 6 event name: string, 7 severity text: string,
///   8 severity number: u8, 9 nanoseconds past the key's microsecond: u16, 10 observed time: i64 ns).
///   A map is `u32 count | (u16 length | key | value)*`, keys sorted; a value is a type byte then
///   1 string: `u32 length | UTF-8`, 2 false, 3 true, 4 int: i64, 5 double: IEEE 754 bits, 6 bytes: `u32 length | bytes`,
///   7 array: `u32 count | value*`, 8 map. Integers are big-endian.
public struct EntryPayload: Sendable, Equatable {
    public var message: String
    public var attributes: Attributes
    /// The OTLP resource the entry came from (`service.name`, ...).
    public var resource: Attributes
    public var scope: InstrumentationScope?
    /// 16 bytes (W3C Trace Context), when the entry belongs to a trace.
    public var traceID: [UInt8]?
    /// 8 bytes.
    public var spanID: [UInt8]?
    /// OTLP `LogRecord.flags`: W3C trace flags in the low byte.
    public var flags: UInt32?
    public var eventName: String?
    /// The severity as the client named it, and its OTLP `SeverityNumber` (1-24).
    public var severityText: String?
    public var severityNumber: Int?
    /// Nanoseconds past the entry's microsecond timestamp, 0-999.
    public var nanoseconds: Int
    /// OTLP `observed_time_unix_nano`: when the client's collector saw the entry, in nanoseconds since the epoch.
    public var observedTimeUnixNano: Int64?

    public init(message: String, attributes: Attributes = [:], resource: Attributes = [:], scope: InstrumentationScope? = nil,
                traceID: [UInt8]? = nil, spanID: [UInt8]? = nil, flags: UInt32? = nil, eventName: String? = nil,
                severityText: String? = nil, severityNumber: Int? = nil, nanoseconds: Int = 0, observedTimeUnixNano: Int64? = nil) {
        self.message = message
        self.attributes = attributes
        self.resource = resource
        self.scope = scope
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
        self.eventName = eventName
        self.severityText = severityText
        self.severityNumber = severityNumber
        self.nanoseconds = nanoseconds
        self.observedTimeUnixNano = observedTimeUnixNano
    }

    /// Whether the payload has only a message and string attributes: what the first two encodings hold.
    private var isPlain: Bool {
        resource.isEmpty && scope == nil && traceID == nil && spanID == nil && flags == nil && eventName == nil
            && severityText == nil && severityNumber == nil && nanoseconds == 0 && observedTimeUnixNano == nil
            && attributes.values.allSatisfy { $0.string != nil }
    }

    public var bytes: [UInt8] {
        let message = Array(message.utf8)
        guard isPlain else { return typedBytes(message) }
        guard !attributes.isEmpty || message.first == 0 || message.first == 1 else { return message }
        var bytes: [UInt8] = [0]
        bytes.reserveCapacity(message.count + 7 + attributes.size + attributes.count * 6)
        bytes.appendBigEndian(UInt64(message.count), width: 4)
        bytes += message
        bytes.appendBigEndian(UInt64(attributes.count), width: 2)
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
            bytes.appendBigEndian(UInt64(key.utf8.count), width: 2)
            bytes += key.utf8
            let text = value.string ?? ""
            bytes.appendBigEndian(UInt64(text.utf8.count), width: 4)
            bytes += text.utf8
        }
        return bytes
    }

    private func typedBytes(_ message: [UInt8]) -> [UInt8] {
        var writer = PayloadWriter()
        writer.bytes.reserveCapacity(message.count + 64 + attributes.size + resource.size)
        writer.bytes.append(1)
        writer.bytes.appendBigEndian(UInt64(message.count), width: 4)
        writer.bytes += message
        writer.map(attributes)
        if !resource.isEmpty { writer.field(.resource) { $0.map(resource) } }
        if let scope {
            writer.field(.scope) {
                $0.string(scope.name)
                $0.string(scope.version)
                $0.map(scope.attributes)
            }
        }
        if let traceID { writer.field(.traceID) { $0.bytes += traceID } }
        if let spanID { writer.field(.spanID) { $0.bytes += spanID } }
        if let flags { writer.field(.flags) { $0.bytes.appendBigEndian(UInt64(flags), width: 4) } }
        if let eventName { writer.field(.eventName) { $0.string(eventName) } }
        if let severityText { writer.field(.severityText) { $0.string(severityText) } }
        if let severityNumber { writer.field(.severityNumber) { $0.bytes.append(UInt8(clamping: severityNumber)) } }
        if nanoseconds != 0 { writer.field(.nanoseconds) { $0.bytes.appendBigEndian(UInt64(nanoseconds), width: 2) } }
        if let observedTimeUnixNano {
            writer.field(.observedTime) { $0.bytes.appendBigEndian(UInt64(bitPattern: observedTimeUnixNano), width: 8) }
        }
        return writer.bytes
    }

    /// Parses `bytes`; nil if they are not a payload this version wrote (for example one from a newer version with
    /// a field this one does not know).
    public init?(bytes: [UInt8]) {
        if bytes.first == 0 {
            self.init(stringAttributes: bytes)
        } else if bytes.first == 1, let typed = EntryPayload(typed: bytes) {
            self = typed
        } else {
            self.init(message: String(decoding: bytes, as: UTF8.self))
        }
    }

    private init?(stringAttributes bytes: [UInt8]) {
        var reader = ByteReader(bytes, offset: 1)
        guard let messageLength = reader.integer(width: 4), let message = reader.text(length: Int(messageLength)),
              let count = reader.integer(width: 2) else { return nil }
        var attributes: Attributes = [:]
        for _ in 0..<count {
            guard let keyLength = reader.integer(width: 2), let key = reader.text(length: Int(keyLength)),
                  let valueLength = reader.integer(width: 4), let value = reader.text(length: Int(valueLength)) else { return nil }
            attributes[key] = .string(value)
        }
        guard reader.isAtEnd else { return nil }
        self.init(message: message, attributes: attributes)
    }

    private init?(typed bytes: [UInt8]) {
        var reader = PayloadReader(reader: ByteReader(bytes, offset: 1))
        guard let message = reader.string(), let attributes = reader.map(depth: 0) else { return nil }
        self.init(message: message, attributes: attributes)
        var last = 0
        while !reader.reader.isAtEnd {
            guard let tag = reader.reader.integer(width: 1), let field = PayloadField(rawValue: Int(tag)), field.rawValue > last else {
                return nil
            }
            last = field.rawValue
            switch field {
            case .resource:
                guard let resource = reader.map(depth: 0) else { return nil }
                self.resource = resource
            case .scope:
                guard let name = reader.string(), let version = reader.string(), let attributes = reader.map(depth: 0) else { return nil }
                scope = InstrumentationScope(name: name, version: version, attributes: attributes)
            case .traceID:
                guard let id = reader.reader.bytes(count: 16) else { return nil }
                traceID = id
            case .spanID:
                guard let id = reader.reader.bytes(count: 8) else { return nil }
                spanID = id
            case .flags:
                guard let value = reader.reader.integer(width: 4) else { return nil }
                flags = UInt32(value)
            case .eventName:
                guard let name = reader.string() else { return nil }
                eventName = name
            case .severityText:
                guard let text = reader.string() else { return nil }
                severityText = text
            case .severityNumber:
                guard let number = reader.reader.integer(width: 1) else { return nil }
                severityNumber = Int(number)
            case .nanoseconds:
                guard let value = reader.reader.integer(width: 2), value < 1000 else { return nil }
                nanoseconds = Int(value)
            case .observedTime:
                guard let value = reader.reader.integer(width: 8) else { return nil }
                observedTimeUnixNano = Int64(bitPattern: value)
            }
        }
    }
}

/// The instrumentation scope (library) that emitted an entry, as OTLP's `InstrumentationScope` names it.
public struct InstrumentationScope: Sendable, Hashable {
    public let name: String
    public let version: String
    public let attributes: Attributes

    public init(name: String, version: String = "", attributes: Attributes = [:]) {
        self.name = name
        self.version = version
        self.attributes = attributes
    }
}

/// The optional fields of the typed encoding, by their tag.
private enum PayloadField: Int {
    case resource = 1, scope, traceID, spanID, flags, eventName, severityText, severityNumber, nanoseconds, observedTime
}

/// The type byte of a typed value.
private enum ValueType: UInt8 {
    case string = 1, falseValue, trueValue, int, double, bytes, array, map
}

private struct PayloadWriter {
    var bytes: [UInt8] = []

    mutating func field(_ field: PayloadField, _ body: (inout PayloadWriter) -> Void) {
        bytes.append(UInt8(field.rawValue))
        body(&self)
    }

    mutating func string(_ text: String) {
        bytes.appendBigEndian(UInt64(text.utf8.count), width: 4)
        bytes += text.utf8
    }

    mutating func map(_ attributes: Attributes) {
        bytes.appendBigEndian(UInt64(attributes.count), width: 4)
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
            bytes.appendBigEndian(UInt64(key.utf8.count), width: 2)
            bytes += key.utf8
            self.value(value)
        }
    }

    mutating func value(_ value: AnyValue) {
        switch value {
        case .string(let text):
            bytes.append(ValueType.string.rawValue)
            string(text)
        case .bool(let flag):
            bytes.append((flag ? ValueType.trueValue : .falseValue).rawValue)
        case .int(let number):
            bytes.append(ValueType.int.rawValue)
            bytes.appendBigEndian(UInt64(bitPattern: number), width: 8)
        case .double(let number):
            bytes.append(ValueType.double.rawValue)
            bytes.appendBigEndian(number.bitPattern, width: 8)
        case .bytes(let data):
            bytes.append(ValueType.bytes.rawValue)
            bytes.appendBigEndian(UInt64(data.count), width: 4)
            bytes += data
        case .array(let values):
            bytes.append(ValueType.array.rawValue)
            bytes.appendBigEndian(UInt64(values.count), width: 4)
            for element in values { self.value(element) }
        case .map(let attributes):
            bytes.append(ValueType.map.rawValue)
            map(attributes)
        }
    }
}

private struct PayloadReader {
    var reader: ByteReader
    /// Nesting beyond this is refused rather than followed (ingest allows far less).
    static let maxDepth = 64

    mutating func string() -> String? {
        guard let length = reader.integer(width: 4) else { return nil }
        return reader.text(length: Int(length))
    }

    mutating func map(depth: Int) -> Attributes? {
        guard depth <= PayloadReader.maxDepth, let count = reader.integer(width: 4) else { return nil }
        var attributes: Attributes = [:]
        for _ in 0..<count {
            guard let keyLength = reader.integer(width: 2), let key = reader.text(length: Int(keyLength)),
                  let value = value(depth: depth) else { return nil }
            attributes[key] = value
        }
        return attributes
    }

    mutating func value(depth: Int) -> AnyValue? {
        guard let tag = reader.integer(width: 1), let type = ValueType(rawValue: UInt8(tag)) else { return nil }
        switch type {
        case .string: return string().map(AnyValue.string)
        case .falseValue: return .bool(false)
        case .trueValue: return .bool(true)
        case .int: return reader.integer(width: 8).map { .int(Int64(bitPattern: $0)) }
        case .double: return reader.integer(width: 8).map { .double(Double(bitPattern: $0)) }
        case .bytes:
            guard let length = reader.integer(width: 4) else { return nil }
            return reader.bytes(count: Int(length)).map(AnyValue.bytes)
        case .array:
            guard depth < PayloadReader.maxDepth, let count = reader.integer(width: 4) else { return nil }
            var values: [AnyValue] = []
            for _ in 0..<count {
                guard let element = value(depth: depth + 1) else { return nil }
                values.append(element)
            }
            return .array(values)
        case .map:
            return map(depth: depth + 1).map(AnyValue.map)
        }
    }
}
