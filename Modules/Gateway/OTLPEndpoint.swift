import Bus
import CryptoPrimitives
import Hummingbird
import Model
import NIOCore
import OTLP

/// `POST /v1/logs`: OTLP/HTTP logs (OpenTelemetry Protocol specification, "OTLP/HTTP"). The body is an
/// `ExportLogsServiceRequest` as `application/x-protobuf` or `application/json`, optionally gzip-compressed, and
/// the answer is in the same encoding. Unlike `POST /logs`, which stores all or nothing, the records that can be
/// stored are, and the others are counted in `partial_success` (OTLP's contract). A body byte for byte equal (once
/// decompressed) to one the tenant sent within `ingest.idempotency_window_seconds` stores nothing again and gets
/// the same answer: exporters retry on 429, 503 and timeouts. Failures answer a `google.rpc.Status` with the
/// REST status and, for 429 and 503, `Retry-After`.
struct OTLPEndpoint: Sendable {
    let gateway: Gateway

    /// Rejections named in `partial_success.error_message`; the count covers all of them.
    static let reasonsShown = 3

    func respond(_ request: Request, context: GatewayContext) async -> Response {
        let encoding: OTLPAnswer.Encoding = BodyFormat(of: request) == .protobuf ? .protobuf : .json
        do {
            let principal = try await gateway.admission.caller(of: request, context: context, accepting: [.protobuf, .json])
            try principal.authorize(.write)
            let (rejected, message) = try await gateway.bus.withPlace(in: Topics.ingestPut, for: principal.claimant) { place in
                try await gateway.admission.body(of: request, for: principal) { buffer in
                    try await store(Array(buffer.readableBytesView), as: encoding, by: principal, in: place)
                }
            }
            return OTLPEndpoint.response(.ok, OTLPAnswer.exportResponse(rejected: rejected, message: message, as: encoding), encoding)
        } catch {
            let failure = ErrorMiddleware<GatewayContext>.serviceError(for: error, logger: context.logger)
            var response = OTLPEndpoint.response(HTTPResponse.Status(code: failure.code.httpStatus),
                                                 OTLPAnswer.status(code: failure.code.grpcStatus, message: failure.message, as: encoding),
                                                 encoding)
            if let retryAfter = failure.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            return response
        }
    }

    /// Stores what can be stored of the request in `body`; the count of records rejected and why (the first few).
    private func store(_ body: [UInt8], as encoding: OTLPAnswer.Encoding, by principal: Principal,
                       in place: LanePlace<IngestRequest, IngestReceipt>) async throws -> (Int, String) {
        let export: LogsExport
        do {
            export = encoding == .protobuf ? try LogsExport.protobuf(body) : try LogsExport.json(body)
        } catch {
            throw ServiceError.invalid(error.message)
        }
        var rejected = export.rejected.map { "\($0.position): \($0.reason)" }
        if !export.entries.isEmpty {
            let receipt = try await place.request(IngestRequest(principal: principal, entries: export.entries,
                                                                retry: .bodyDigest(SHA256.hash(body)), acceptance: .validOnes))
            rejected += receipt.rejected.map { "\(export.positions[$0.index]): \($0.error.message)" }
        }
        guard !rejected.isEmpty else { return (0, "") }
        let shown = rejected.prefix(OTLPEndpoint.reasonsShown).joined(separator: "; ")
        let more = rejected.count > OTLPEndpoint.reasonsShown ? "; and \(rejected.count - OTLPEndpoint.reasonsShown) more" : ""
        return (rejected.count, "\(rejected.count) of \(export.recordCount) log records were rejected: \(shown)\(more)")
    }

    private static func response(_ status: HTTPResponse.Status, _ body: [UInt8], _ encoding: OTLPAnswer.Encoding) -> Response {
        Response(status: status, headers: [.contentType: encoding.mediaType], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
