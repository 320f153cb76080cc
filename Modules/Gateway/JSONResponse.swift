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
        var body = ByteBuffer()
        body.reserveCapacity(json.count + 1)
        body.writeBytes(json)
        body.writeInteger(UInt8(ascii: "\n"))
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The REST error shape: `{"error": {"code": ..., "message": ...}}`, with `Retry-After` when set.
    public static func error(_ error: ServiceError) -> Response {
        var headers: HTTPFields = [:]
        if let retryAfter = error.retryAfter { headers[.retryAfter] = String(retryAfter) }
        if error.code == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
        let body = ErrorBody(error: .init(code: error.code.rawValue, message: error.message))
        let status = HTTPResponse.Status(code: error.code.httpStatus)
        return (try? make(body, status: status, headers: headers))
            ?? Response(status: .internalServerError)
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
        }
        let error: Detail
    }
}
