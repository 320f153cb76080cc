import Foundation
import Model
import SwiftProtobuf

/// What `POST /v1/logs` answers, in the request's encoding (OTLP/HTTP: "the response body MUST be the
/// Protobuf-encoded ExportLogsServiceResponse" or its JSON form; failures a `google.rpc.Status`).
public enum OTLPAnswer {
    /// The encodings of OTLP/HTTP and their media types.
    public enum Encoding: Sendable {
        case protobuf, json

        public var mediaType: String { self == .protobuf ? "application/x-protobuf" : "application/json" }
    }

    /// `ExportLogsServiceResponse`: empty when every record was stored, else `partial_success` with the count of
    /// records rejected and `message`.
    public static func exportResponse(rejected: Int, message: String, as encoding: Encoding) -> [UInt8] {
        switch encoding {
        case .protobuf:
            var response = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceResponse()
            if rejected > 0 {
                response.partialSuccess.rejectedLogRecords = Int64(rejected)
                response.partialSuccess.errorMessage = message
            }
            return (try? response.serializedBytes()) ?? []
        case .json:
            guard rejected > 0 else { return Array("{}".utf8) }
            var text = JSONText()
            text.raw(#"{"partialSuccess":{"errorMessage":"#)
            text.string(message)
            text.raw(#","rejectedLogRecords":"#)
            text.string(String(rejected))
            text.raw("}}")
            return text.bytes
        }
    }

    /// `google.rpc.Status` with a gRPC status `code` (https://grpc.github.io/grpc/core/md_doc_statuscodes.html) and
    /// a developer-facing `message`; no details.
    public static func status(code: Int32, message: String, as encoding: Encoding) -> [UInt8] {
        switch encoding {
        case .protobuf:
            var status = Google_Rpc_Status()
            status.code = code
            status.message = message
            return (try? status.serializedBytes()) ?? []
        case .json:
            var text = JSONText()
            text.raw(#"{"code":"#)
            text.integer(code)
            text.raw(#","message":"#)
            text.string(message)
            text.raw("}")
            return text.bytes
        }
    }
}
