import HTTPTypes
import Hummingbird
import Logging
import Model

/// Gives every request an id: the caller's `X-Request-Id` when it is a plain token of at most 128
/// characters, else Hummingbird's own. It is sent back in `X-Request-Id`, and every log line of the
/// request, in any module, carries it as `request_id` (through `RequestID.current`).
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let offered = request.headers[.requestID]
        let id = offered.flatMap { Self.isAcceptable($0) ? $0 : nil } ?? context.id
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await RequestID.$current.withValue(id) { try await next(request, context) }
        response.headers[.requestID] = id
        return response
    }

    static func isAcceptable(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || "-_.:".utf8.contains(byte)
        }
    }
}
