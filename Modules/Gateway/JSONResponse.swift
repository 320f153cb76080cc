import Foundation
public import Hummingbird
public import Model

/// JSON responses, all written with the one codec setup of the service.
public enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok,
                     headers: HTTPFields = [:]) throws -> Response {
        make(json: try JSONCoding.encoder().encode(value), status: status, headers: headers)
    }

    /// A response with a body already written as JSON, ended by a newline (as a terminal or `jq -c` expects).
    static func make(json: some Collection<UInt8>, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: line(json)))
    }

    private static func line(_ json: some Collection<UInt8>) -> ByteBuffer {
        var body = ByteBuffer()
        body.reserveCapacity(json.count + 1)
        body.writeBytes(json)
        body.writeInteger(UInt8(ascii: "\n"))
        return body
    }

    /// The REST error shape: `{"error": {"code": ..., "message": ...}}`, with `Retry-After` when set.
    public static func error(_ error: ServiceError) -> Response {
        let (head, body) = errorParts(error)
        return Response(status: head.status, headers: head.headerFields, body: .init(byteBuffer: body))
    }

    /// The head and body of `error(_:)`, for an answer written below the router (`ConnectionGuard`).
    static func errorParts(_ error: ServiceError) -> (HTTPResponse, ByteBuffer) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter = error.retryAfter { headers[.retryAfter] = String(retryAfter) }
        if error.code == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
        let detail = ErrorBody(error: .init(code: error.code.rawValue, message: error.message))
        guard let json = try? JSONCoding.encoder().encode(detail) else { return (HTTPResponse(status: .internalServerError), ByteBuffer()) }
        return (HTTPResponse(status: .init(code: error.code.httpStatus), headerFields: headers), line(json))
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
        }
        let error: Detail
    }
}
