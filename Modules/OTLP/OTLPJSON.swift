import Foundation
import Model

/// Reads an `ExportLogsServiceRequest` in OTLP's JSON encoding (OTLP specification, "JSON Protobuf Encoding"),
/// which differs from the protobuf JSON mapping in two ways: `traceId` and `spanId` are hex strings, not base64,
/// and enum values are integers. As the protobuf JSON mapping says, field names are lowerCamelCase (the proto's
/// own snake_case names are accepted too), 64-bit integers are numbers or decimal strings, bytes are base64,
/// doubles may be `"NaN"`, `"Infinity"` or `"-Infinity"`, and null means the field's default. Unknown fields are
/// ignored, as OTLP requires of receivers. The document is read by the strict `JSONParser` (UTF-8, no repeated
/// member names), so what is no JSON, or is JSON of the wrong shape, throws `OTLPDecodingError` naming where.
public enum OTLPJSON {
    public static func exportLogsRequest(from document: some Collection<UInt8>)
        throws(OTLPDecodingError) -> Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest
    {
        let node: JSONNode
        do { node = try JSONParser.parse(document) } catch { throw OTLPDecodingError("the body is not valid JSON: it \(error)") }
        var request = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest()
        var reader = Reader(path: "")
        try reader.object(node) { (name, value, reader) throws(OTLPDecodingError) in
            if name == "resourceLogs" || name == "resource_logs" { request.resourceLogs = try reader.array(value, resourceLogs) }
        }
        return request
    }

    typealias Fields = (String, JSONNode, inout Reader) throws(OTLPDecodingError) -> Void

    private static func resourceLogs(_ node: JSONNode, _ reader: inout Reader) throws(OTLPDecodingError) -> Opentelemetry_Proto_Logs_V1_ResourceLogs {
        var logs = Opentelemetry_Proto_Logs_V1_ResourceLogs()
        try reader.object(node) { (name, value, reader) throws(OTLPDecodingError) in
            switch name {
            case "resource":
                try reader.object(value) { (name, value, reader) throws(OTLPDecodingError) in
                    switch name {
                    case "attributes": logs.resource.attributes = try reader.array(value, keyValue)
                    case "droppedAttributesCount", "dropped_attributes_count": logs.resource.droppedAttributesCount = try reader.uint32(value)
                    default: break
                    }
                }
            case "scopeLogs", "scope_logs": logs.scopeLogs = try reader.array(value, scopeLogs)
            case "schemaUrl", "schema_url": logs.schemaURL = try reader.string(value)
            default: break
            }
        }
        return logs
    }

    private static func scopeLogs(_ node: JSONNode, _ reader: inout Reader) throws(OTLPDecodingError) -> Opentelemetry_Proto_Logs_V1_ScopeLogs {
        var logs = Opentelemetry_Proto_Logs_V1_ScopeLogs()
        try reader.object(node) { (name, value, reader) throws(OTLPDecodingError) in
            switch name {
            case "scope":
                try reader.object(value) { (name, value, reader) throws(OTLPDecodingError) in
                    switch name {
                    case "name": logs.scope.name = try reader.string(value)
                    case "version": logs.scope.version = try reader.string(value)
                    case "attributes": logs.scope.attributes = try reader.array(value, keyValue)
                    case "droppedAttributesCount", "dropped_attributes_count": logs.scope.droppedAttributesCount = try reader.uint32(value)
                    default: break
                    }
                }
            case "logRecords", "log_records": logs.logRecords = try reader.array(value, logRecord)
            case "schemaUrl", "schema_url": logs.schemaURL = try reader.string(value)
            default: break
            }
        }
        return logs
    }

    private static func logRecord(_ node: JSONNode, _ reader: inout Reader) throws(OTLPDecodingError) -> Opentelemetry_Proto_Logs_V1_LogRecord {
        var record = Opentelemetry_Proto_Logs_V1_LogRecord()
        try reader.object(node) { (name, value, reader) throws(OTLPDecodingError) in
            switch name {
            case "timeUnixNano", "time_unix_nano": record.timeUnixNano = try reader.uint64(value)
            case "observedTimeUnixNano", "observed_time_unix_nano": record.observedTimeUnixNano = try reader.uint64(value)
            case "severityNumber", "severity_number":
                record.severityNumber = Opentelemetry_Proto_Logs_V1_SeverityNumber(rawValue: Int(try reader.int32(value))) ?? .unspecified
            case "severityText", "severity_text": record.severityText = try reader.string(value)
            case "body": record.body = try anyValue(value, &reader)
            case "attributes": record.attributes = try reader.array(value, keyValue)
            case "droppedAttributesCount", "dropped_attributes_count": record.droppedAttributesCount = try reader.uint32(value)
            case "flags": record.flags = try reader.uint32(value)
            case "traceId", "trace_id": record.traceID = try reader.hex(value, bytes: 16)
            case "spanId", "span_id": record.spanID = try reader.hex(value, bytes: 8)
            case "eventName", "event_name": record.eventName = try reader.string(value)
            default: break
            }
        }
        return record
    }

    private static func keyValue(_ node: JSONNode, _ reader: inout Reader) throws(OTLPDecodingError) -> Opentelemetry_Proto_Common_V1_KeyValue {
        var pair = Opentelemetry_Proto_Common_V1_KeyValue()
        try reader.object(node) { (name, value, reader) throws(OTLPDecodingError) in
            switch name {
            case "key": pair.key = try reader.string(value)
            case "value": pair.value = try anyValue(value, &reader)
            default: break
            }
        }
        return pair
    }

    /// An `AnyValue`: at most one of its cases (more than one is an error, as for any protobuf oneof).
    private static func anyValue(_ node: JSONNode, _ reader: inout Reader) throws(OTLPDecodingError) -> Opentelemetry_Proto_Common_V1_AnyValue {
        var any = Opentelemetry_Proto_Common_V1_AnyValue()
        try reader.object(node) { (name, value, reader) throws(OTLPDecodingError) in
            let set: Opentelemetry_Proto_Common_V1_AnyValue.OneOf_Value?
            switch name {
            case "stringValue", "string_value": set = .stringValue(try reader.string(value))
            case "boolValue", "bool_value": set = .boolValue(try reader.bool(value))
            case "intValue", "int_value": set = .intValue(try reader.int64(value))
            case "doubleValue", "double_value": set = .doubleValue(try reader.double(value))
            case "bytesValue", "bytes_value": set = .bytesValue(try reader.base64(value))
            case "arrayValue", "array_value":
                var array = Opentelemetry_Proto_Common_V1_ArrayValue()
                try reader.object(value) { (name, value, reader) throws(OTLPDecodingError) in
                    if name == "values" { array.values = try reader.array(value, anyValue) }
                }
                set = .arrayValue(array)
            case "kvlistValue", "kvlist_value":
                var list = Opentelemetry_Proto_Common_V1_KeyValueList()
                try reader.object(value) { (name, value, reader) throws(OTLPDecodingError) in
                    if name == "values" { list.values = try reader.array(value, keyValue) }
                }
                set = .kvlistValue(list)
            default: set = nil
            }
            guard let set, value != .null else { return }
            guard any.value == nil else { throw reader.error("sets more than one of its values") }
            any.value = set
        }
        return any
    }

    /// Reads values at a path (`resourceLogs[0].scopeLogs[1]...`), for errors that say where.
    struct Reader {
        var path: String

        func error(_ problem: String) -> OTLPDecodingError {
            OTLPDecodingError("\(path.isEmpty ? "the body" : "`\(path)`") \(problem)")
        }

        /// Calls `field` for each member of an object (null: none); anything else is an error.
        mutating func object(_ node: JSONNode, _ field: Fields) throws(OTLPDecodingError) {
            if node == .null { return }
            guard case .object(let members) = node else { throw error("must be an object") }
            let base = path
            for member in members {
                path = base.isEmpty ? member.name : "\(base).\(member.name)"
                try field(member.name, member.value, &self)
            }
            path = base
        }

        mutating func array<T>(_ node: JSONNode, _ element: (JSONNode, inout Reader) throws(OTLPDecodingError) -> T) throws(OTLPDecodingError) -> [T] {
            if node == .null { return [] }
            guard case .array(let elements) = node else { throw error("must be an array") }
            let base = path
            var result: [T] = []
            result.reserveCapacity(elements.count)
            for (index, value) in elements.enumerated() {
                path = "\(base)[\(index)]"
                result.append(try element(value, &self))
            }
            path = base
            return result
        }

        func string(_ node: JSONNode) throws(OTLPDecodingError) -> String {
            switch node {
            case .null: return ""
            case .string(let text): return text
            default: throw error("must be a string")
            }
        }

        func bool(_ node: JSONNode) throws(OTLPDecodingError) -> Bool {
            switch node {
            case .null: return false
            case .bool(let flag): return flag
            default: throw error("must be true or false")
            }
        }

        /// An integer written as a JSON number (no fraction or exponent) or a decimal string.
        private func integer<T: FixedWidthInteger>(_ node: JSONNode, _ type: T.Type) throws(OTLPDecodingError) -> T {
            switch node {
            case .null: return 0
            case .number(let text), .string(let text):
                guard let value = T(text, radix: 10) else { throw error("must be an integer within \(T.min)...\(T.max)") }
                return value
            default: throw error("must be an integer")
            }
        }

        func int64(_ node: JSONNode) throws(OTLPDecodingError) -> Int64 { try integer(node, Int64.self) }
        func uint64(_ node: JSONNode) throws(OTLPDecodingError) -> UInt64 { try integer(node, UInt64.self) }
        func int32(_ node: JSONNode) throws(OTLPDecodingError) -> Int32 { try integer(node, Int32.self) }
        func uint32(_ node: JSONNode) throws(OTLPDecodingError) -> UInt32 { try integer(node, UInt32.self) }

        func double(_ node: JSONNode) throws(OTLPDecodingError) -> Double {
            switch node {
            case .null: return 0
            case .number(let text): if let value = Double(text) { return value }
            case .string("NaN"): return .nan
            case .string("Infinity"): return .infinity
            case .string("-Infinity"): return -.infinity
            case .string(let text): if let value = Double(text), value.isFinite { return value }
            default: break
            }
            throw error("must be a number")
        }

        func base64(_ node: JSONNode) throws(OTLPDecodingError) -> Data {
            let text = try string(node)
            // The protobuf JSON mapping accepts either base64 alphabet, with or without padding.
            var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
            guard let data = Data(base64Encoded: standard) else { throw error("must be base64") }
            return data
        }

        /// A trace or span id: `bytes` bytes as lowercase or uppercase hex, or empty (no id).
        func hex(_ node: JSONNode, bytes count: Int) throws(OTLPDecodingError) -> Data {
            let text = try string(node)
            if text.isEmpty { return Data() }
            guard text.utf8.count == count * 2, let bytes = Hex.decode(text) else { throw error("must be \(count * 2) hex digits") }
            return Data(bytes)
        }
    }
}
