/// Why a body is no OTLP `ExportLogsServiceRequest` (JSON or protobuf): says where when it can (a path such as
/// `resourceLogs[0].scopeLogs[0].logRecords[3].traceId`), never echoing the body's text.
public struct OTLPDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
