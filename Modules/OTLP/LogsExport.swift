import Foundation
public import Model
import SwiftProtobuf

/// An OTLP `ExportLogsServiceRequest` read into entries (opentelemetry-proto, collector/logs/v1): the records that
/// map to an entry, and those refused already here, each with where it was and why. What a record becomes is
/// `SubmittedEntry(record:resource:scope:)`.
public struct LogsExport: Sendable {
    public private(set) var entries: [SubmittedEntry] = []
    /// Where each of `entries` was in the request.
    public private(set) var positions: [RecordPosition] = []
    public private(set) var rejected: [RejectedRecord] = []

    public var recordCount: Int { entries.count + rejected.count }

    /// A body in the protobuf encoding. The request's frame is decoded first and then each record on its own
    /// (`ExportLogsServiceRequestFrame`), so a record that is not a valid `LogRecord` (a string that is not UTF-8,
    /// a malformed field) is rejected alone; a resource or scope that is not valid rejects the records under it.
    /// Throws when the body is not even the frame of a request (truncated, not protobuf).
    public static func protobuf(_ body: [UInt8]) throws(OTLPDecodingError) -> LogsExport {
        let frame: Logsvc_Otlp_V1_ExportLogsServiceRequestFrame
        do { frame = try Logsvc_Otlp_V1_ExportLogsServiceRequestFrame(serializedBytes: body) } catch {
            throw OTLPDecodingError("the body is not a protobuf ExportLogsServiceRequest (\(LogsExport.describe(error)))")
        }
        var export = LogsExport()
        for (resourceIndex, resourceLogs) in frame.resourceLogs.enumerated() {
            let resource = Result { Attributes(otlp: try Opentelemetry_Proto_Resource_V1_Resource(serializedBytes: resourceLogs.resource).attributes) }
            for (scopeIndex, scopeLogs) in resourceLogs.scopeLogs.enumerated() {
                let scope = Result { InstrumentationScope(otlp: try Opentelemetry_Proto_Common_V1_InstrumentationScope(serializedBytes: scopeLogs.scope)) }
                for (recordIndex, bytes) in scopeLogs.logRecords.enumerated() {
                    let position = RecordPosition(resource: resourceIndex, scope: scopeIndex, record: recordIndex)
                    do {
                        let record = try Opentelemetry_Proto_Logs_V1_LogRecord(serializedBytes: bytes)
                        export.add(record, resource: try resource.get(), scope: try scope.get(), at: position)
                    } catch {
                        export.rejected.append(RejectedRecord(position: position, reason: LogsExport.describe(error)))
                    }
                }
            }
        }
        return export
    }

    /// A body in OTLP's JSON encoding (`OTLPJSON`); a body that is not one throws, naming where.
    public static func json(_ body: some Collection<UInt8>) throws(OTLPDecodingError) -> LogsExport {
        let request = try OTLPJSON.exportLogsRequest(from: body)
        var export = LogsExport()
        for (resourceIndex, resourceLogs) in request.resourceLogs.enumerated() {
            let resource = Attributes(otlp: resourceLogs.resource.attributes)
            for (scopeIndex, scopeLogs) in resourceLogs.scopeLogs.enumerated() {
                let scope = InstrumentationScope(otlp: scopeLogs.scope)
                for (recordIndex, record) in scopeLogs.logRecords.enumerated() {
                    export.add(record, resource: resource, scope: scope,
                               at: RecordPosition(resource: resourceIndex, scope: scopeIndex, record: recordIndex))
                }
            }
        }
        return export
    }

    private mutating func add(_ record: Opentelemetry_Proto_Logs_V1_LogRecord, resource: Attributes, scope: InstrumentationScope?,
                              at position: RecordPosition) {
        do {
            entries.append(try SubmittedEntry(record: record, resource: resource, scope: scope))
            positions.append(position)
        } catch {
            rejected.append(RejectedRecord(position: position, reason: error.message))
        }
    }

    /// swift-protobuf's decoding errors, in words.
    static func describe(_ error: any Error) -> String {
        switch error as? BinaryDecodingError {
        case .truncated?: "the protobuf data is truncated"
        case .invalidUTF8?: "a string field is not valid UTF-8"
        case .malformedProtobuf?: "the protobuf data is malformed"
        case .messageDepthLimit?: "messages nest too deep"
        default: "the protobuf data cannot be decoded"
        }
    }
}

/// Where a record was in an export request: `resourceLogs[i].scopeLogs[j].logRecords[k]`.
public struct RecordPosition: Sendable, Hashable, CustomStringConvertible {
    public let resource: Int
    public let scope: Int
    public let record: Int

    public var description: String { "resourceLogs[\(resource)].scopeLogs[\(scope)].logRecords[\(record)]" }
}

/// A record that was not stored, and why.
public struct RejectedRecord: Sendable {
    public let position: RecordPosition
    public let reason: String

    public init(position: RecordPosition, reason: String) {
        self.position = position
        self.reason = reason
    }
}
