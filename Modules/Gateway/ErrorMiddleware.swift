import Hummingbird
import Logging
import Model
import NIOCore

/// Turns every failure into the documented JSON error response, so no route writes its own.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return JSONResponse.error(ErrorMiddleware.serviceError(for: error, logger: context.logger))
        }
    }

    /// The documented error for any failure of a route; an internal one is logged (without the request's content).
    static func serviceError(for error: any Error, logger: Logger) -> ServiceError {
        switch error {
        case let error as ServiceError:
            if error.code == .internalError { logger.error("request failed", metadata: ["error": "\(error.message)"]) }
            return error
        case is CancellationError:
            // The client went away, or a Lambda invocation ran out of time: nobody reads this answer.
            return .cancelled
        case is NIOTooManyBytesError:
            return ServiceError(.payloadTooLarge, "the request body is too large")
        case let error as HTTPError:
            return serviceError(for: error.status)
        default:
            logger.error("request failed", metadata: ["error": "\(error)"])
            return .internalError("internal error")
        }
    }

    static func serviceError(for status: HTTPResponse.Status) -> ServiceError {
        switch status {
        case .notFound: ServiceError(.notFound, "no route for this method and path (the API is in GET /openapi.json)")
        case .methodNotAllowed: ServiceError(.methodNotAllowed, "this method is not allowed on this path (the API is in GET /openapi.json)")
        case .contentTooLarge: ServiceError(.payloadTooLarge, "the request body is too large")
        default: ServiceError(.invalidRequest, "the request was rejected (\(status.code))")
        }
    }
}
