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
        } catch let error as ServiceError {
            if error.code == .internalError {
                context.logger.error("request failed", metadata: ["error": "\(error.message)"])
            }
            return JSONResponse.error(error)
        } catch is CancellationError {
            // The client went away, or a Lambda invocation ran out of time: nobody reads this answer.
            return JSONResponse.error(.cancelled)
        } catch is NIOTooManyBytesError {
            return JSONResponse.error(ServiceError(.payloadTooLarge, "the request body is too large"))
        } catch let error as HTTPError {
            return JSONResponse.error(ErrorMiddleware.serviceError(for: error.status, request: request))
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return JSONResponse.error(.internalError("internal error"))
        }
    }

    static func serviceError(for status: HTTPResponse.Status, request: Request) -> ServiceError {
        switch status {
        case .notFound: ServiceError(.notFound, "no route for this method and path (the API is in GET /openapi.json)")
        case .methodNotAllowed: ServiceError(.methodNotAllowed, "this method is not allowed on this path (the API is in GET /openapi.json)")
        case .contentTooLarge: ServiceError(.payloadTooLarge, "the request body is too large")
        default: ServiceError(.invalidRequest, "the request was rejected (\(status.code))")
        }
    }
}
