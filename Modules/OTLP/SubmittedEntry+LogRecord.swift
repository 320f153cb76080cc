import Foundation
import Model

extension SubmittedEntry {
    /// One OTLP `LogRecord` as an entry (docs/otlp.md has the table):
    /// - severity: `severity_number` 1-8 (TRACE, DEBUG) debug, 9-12 info, 13-16 warning, 17-20 error, 21-24 critical;
    ///   when it is 0 or outside 1-24, `severity_text` if it names a severity, else info. Both are kept as sent.
    /// - message: `body` if it is a string, else the body's JSON text (`JSONText.attribute`); a record without a
    ///   body, or with an empty one, is refused.
    /// - time: `time_unix_nano`, else `observed_time_unix_nano`, else (both 0, "unknown" in OTLP) the receive time.
    /// - `trace_id` (16 bytes) and `span_id` (8), absent when empty or all zero, else refused when of another length;
    ///   `flags` when not 0; `event_name` when not empty.
    /// - attributes, and the resource's and scope's, typed (`AnyValue`); a key sent twice keeps its last value; a
    ///   value that is empty (OTLP's unset `AnyValue`) is left out, in arrays too.
    /// `resource` and `scope` are read once for all the records under them (`Attributes(otlp:)`, `InstrumentationScope(otlp:)`).
    init(record: Opentelemetry_Proto_Logs_V1_LogRecord, resource: Attributes, scope: InstrumentationScope?) throws(OTLPDecodingError) {
        let number = record.severityNumber.rawValue
        let severity: Severity = switch number {
        case 1...8: .debug
        case 9...12: .info
        case 13...16: .warning
        case 17...20: .error
        case 21...24: .critical
        default: Severity(name: record.severityText) ?? .info
        }
        let message: String
        switch record.body.value {
        case nil: throw OTLPDecodingError("body is empty")
        case .stringValue(let text)?: message = text
        case let other?:
            var text = JSONText()
            text.attribute(AnyValue(other))
            message = String(decoding: text.bytes, as: UTF8.self)
        }
        guard !message.isEmpty else { throw OTLPDecodingError("body is empty") }
        let time = record.timeUnixNano != 0 ? record.timeUnixNano : record.observedTimeUnixNano
        guard time <= UInt64(Int64.max), record.observedTimeUnixNano <= UInt64(Int64.max) else {
            throw OTLPDecodingError("time_unix_nano is past the year 2262")
        }
        let payload = EntryPayload(
            message: message,
            attributes: Attributes(otlp: record.attributes),
            resource: resource,
            scope: scope,
            traceID: try SubmittedEntry.id(record.traceID, bytes: 16, field: "trace_id"),
            spanID: try SubmittedEntry.id(record.spanID, bytes: 8, field: "span_id"),
            flags: record.flags == 0 ? nil : record.flags,
            eventName: record.eventName.isEmpty ? nil : record.eventName,
            severityText: record.severityText.isEmpty ? nil : record.severityText,
            severityNumber: number == 0 ? nil : number,
            observedTimeUnixNano: record.observedTimeUnixNano == 0 ? nil : Int64(record.observedTimeUnixNano))
        self.init(severity: severity.name, payload: payload, timeUnixNano: time == 0 ? nil : Int64(time))
    }

    private static func id(_ data: Data, bytes count: Int, field: String) throws(OTLPDecodingError) -> [UInt8]? {
        guard !data.isEmpty, data.contains(where: { $0 != 0 }) else { return nil }
        guard data.count == count else { throw OTLPDecodingError("\(field) is \(data.count) bytes; OTLP's are \(count)") }
        return Array(data)
    }
}

extension InstrumentationScope {
    /// OTLP's scope; nil when it names nothing (no name, version or attributes).
    init?(otlp scope: Opentelemetry_Proto_Common_V1_InstrumentationScope) {
        guard !scope.name.isEmpty || !scope.version.isEmpty || !scope.attributes.isEmpty else { return nil }
        self.init(name: scope.name, version: scope.version, attributes: Attributes(otlp: scope.attributes))
    }
}

extension Attributes {
    /// An OTLP `KeyValue` list. A key sent twice keeps its last value, as OTLP's readers commonly do (the
    /// specification says keys must be unique and leaves duplicates to the receiver); an empty value is left out.
    init(otlp list: [Opentelemetry_Proto_Common_V1_KeyValue]) {
        // A plain loop: a lazy sequence handed to Dictionary's generic initialiser across modules cost 2% of an
        // export's CPU in run-time generic metadata lookups.
        self.init(minimumCapacity: list.count)
        for pair in list {
            if let value = pair.value.value { self[pair.key] = AnyValue(value) }
        }
    }
}

extension AnyValue {
    /// A set OTLP `AnyValue`; empty elements of arrays and maps are left out.
    init(_ value: Opentelemetry_Proto_Common_V1_AnyValue.OneOf_Value) {
        switch value {
        case .stringValue(let text): self = .string(text)
        case .boolValue(let flag): self = .bool(flag)
        case .intValue(let number): self = .int(number)
        case .doubleValue(let number): self = .double(number)
        case .bytesValue(let data): self = .bytes(Array(data))
        case .arrayValue(let array):
            var values: [AnyValue] = []
            values.reserveCapacity(array.values.count)
            for element in array.values { if let value = element.value { values.append(AnyValue(value)) } }
            self = .array(values)
        case .kvlistValue(let list): self = .map(Attributes(otlp: list.values))
        }
    }
}
