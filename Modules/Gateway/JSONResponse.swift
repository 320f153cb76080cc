import Foundation
public import Hummingbird
public import Model

/// JSON responses, all written with the one codec setup of the service.
public enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok,
                     headers: HTTPFields = [:]) throws -> Response {
        let data = try JSONCoding.encoder().encode(value)
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
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
