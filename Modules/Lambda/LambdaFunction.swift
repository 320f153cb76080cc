public import Auth
import Foundation
public import Gateway
import HTTPTypes
public import Hummingbird
public import Logging
import Model
import NIOCore
import Synchronization

/// A Lambda function over the single binary's router: each API Gateway event becomes a request to it, and its
/// response goes back in the event's format.
public struct LambdaFunction: Sendable {
    private let responder: RouterResponder<GatewayContext>
    private let settings: LambdaSettings
    private let auth: AuthSettings
    private let logger: Logger

    public init(router: Router<GatewayContext>, settings: LambdaSettings, auth: AuthSettings, logger: Logger) {
        self.responder = router.buildResponder()
        self.settings = settings
        self.auth = auth
        self.logger = logger
    }

    /// Takes invocations from the Runtime API one after another until the task is cancelled.
    public func run(on runtime: LambdaRuntimeClient) async throws(LambdaRuntimeError) {
        while !Task.isCancelled {
            let invocation = try await runtime.next()
            if let trace = invocation.traceID { setenv("_X_AMZN_TRACE_ID", trace, 1) }
            switch await handle(invocation.body, requestID: invocation.requestID) {
            case .success(let response): try await runtime.respond(to: invocation.requestID, with: response)
            case .failure(let report): try await runtime.fail(invocation.requestID, with: report)
            }
        }
    }

    /// The API Gateway response to one event; a failure only for an event that is no API Gateway request.
    /// `requestID` (Lambda's) becomes the request id of its log lines.
    public func handle(_ event: [UInt8], requestID: String) async -> Result<[UInt8], LambdaErrorReport> {
        let request: APIGatewayEvent
        do {
            request = try JSONCoding.decoder().decode(APIGatewayEvent.self, from: Data(event))
        } catch {
            logger.error("the event is no API Gateway proxy request", metadata: ["error": "\(JSONCoding.describe(error, subject: "the event"))"])
            return .failure(LambdaErrorReport(errorMessage: "the event is no API Gateway proxy request: "
                                                  + JSONCoding.describe(error, subject: "the event"),
                                              errorType: "InvalidEvent"))
        }
        let (status, headers, body) = await respond(to: request, requestID: requestID)
        let response = APIGatewayResponse(format: request.format, statusCode: status, headers: headers, body: body)
        do {
            return .success(Array(try JSONCoding.encoder().encode(response)))
        } catch {
            return .failure(LambdaErrorReport(errorMessage: "the response could not be encoded", errorType: "InternalError"))
        }
    }

    private func respond(to event: APIGatewayEvent, requestID: String) async -> (Int, [(name: String, value: String)], [UInt8]) {
        var fields = HTTPFields()
        var host = "lambda"
        for (name, value) in event.headers {
            // HTTP/2-style requests carry the host as the authority, not as a field.
            if name.lowercased() == "host" { host = value; continue }
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        let response: Response
        do throws(ServiceError) {
            guard let method = HTTPRequest.Method(event.method) else { throw .invalid("the event's HTTP method is not a method") }
            let head = HTTPRequest(method: method, scheme: "https", authority: host, path: event.target, headerFields: fields)
            var principal: Principal?
            if !settings.verifyJWT, let claims = event.claims {
                principal = try AuthorizerClaims.principal(claims, settings: auth)
            }
            var requestLogger = logger
            requestLogger[metadataKey: "hb.request.id"] = .string(requestID)
            let context = GatewayContext(logger: requestLogger, authorizedPrincipal: principal)
            let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: event.body)))
            do {
                response = try await responder.respond(to: request, context: context)
            } catch {
                // The router's error middleware answers every failure; anything past it is a bug.
                logger.error("the request failed", metadata: ["error": "\(error)"])
                throw .internalError("the request failed")
            }
        } catch {
            response = JSONResponse.error(error)
        }
        let collected = CollectedBody()
        do {
            try await response.body.write(collected.writer)
        } catch {
            logger.error("writing the response failed", metadata: ["error": "\(error)"])
        }
        return (Int(response.status.code), response.headers.map { ($0.name.rawName, $0.value) }, collected.bytes)
    }
}

/// A response body written into memory.
private final class CollectedBody: Sendable {
    private let buffer = Mutex(ByteBuffer())

    var bytes: [UInt8] { buffer.withLock { Array($0.readableBytesView) } }

    var writer: Writer { Writer(target: self) }

    struct Writer: ResponseBodyWriter {
        let target: CollectedBody

        mutating func write(_ buffer: ByteBuffer) async throws {
            target.buffer.withLock { $0.writeImmutableBuffer(buffer) }
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
