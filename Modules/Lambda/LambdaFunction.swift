public import Foundation
public import Gateway
import HTTPTypes
public import Hummingbird
public import Logging
public import Model
import NIOCore
import Synchronization

/// A Lambda function over the single binary's router: each API Gateway event becomes a request to it, and its
/// response goes back in the event's format.
public struct LambdaFunction: Sendable {
    private let responder: RouterResponder<GatewayContext>
    private let settings: LambdaSettings
    private let principalRule: PrincipalRule
    private let logger: Logger

    /// `principalRule` names the caller of an event that API Gateway's authorizer verified (`verify_jwt: false`).
    public init(router: Router<GatewayContext>, settings: LambdaSettings, principalRule: PrincipalRule, logger: Logger) {
        self.responder = router.buildResponder()
        self.settings = settings
        self.principalRule = principalRule
        self.logger = logger
    }

    /// Takes invocations from the Runtime API one after another until the task is cancelled.
    public func run(on runtime: LambdaRuntimeClient) async throws(LambdaRuntimeError) {
        while !Task.isCancelled {
            let invocation = try await runtime.next()
            if let trace = invocation.traceID { setenv("_X_AMZN_TRACE_ID", trace, 1) }
            let deadline = invocation.deadlineMilliseconds.map { Date(timeIntervalSince1970: Double($0) / 1000) }
            switch await handle(invocation.body, requestID: invocation.requestID, deadline: deadline) {
            case .success(let response): try await runtime.respond(to: invocation.requestID, with: response)
            case .failure(let report): try await runtime.fail(invocation.requestID, with: report)
            }
        }
    }

    /// Time kept back before the invocation's deadline to answer and post the answer.
    static let deadlineMargin = 0.5

    /// The API Gateway response to one event; a failure only for an event that is no API Gateway request.
    /// `requestID` (Lambda's) becomes the request id of its log lines. Work still running `deadlineMargin`
    /// seconds before `deadline` (the invocation's, from the Runtime API) is cancelled and answered 503
    /// `timeout`, so the function answers instead of being stopped by Lambda.
    public func handle(_ event: [UInt8], requestID: String, deadline: Date? = nil) async -> Result<[UInt8], LambdaErrorReport> {
        let request: APIGatewayEvent
        do {
            request = try JSONCoding.decoder().decode(APIGatewayEvent.self, from: Data(event))
        } catch {
            logger.error("the event is no API Gateway proxy request", metadata: ["error": "\(JSONCoding.describe(error, subject: "the event"))"])
            return .failure(LambdaErrorReport(errorMessage: "the event is no API Gateway proxy request: "
                                                  + JSONCoding.describe(error, subject: "the event"),
                                              errorType: "InvalidEvent"))
        }
        let (status, headers, body) = await respond(to: request, requestID: requestID, deadline: deadline)
        let response = APIGatewayResponse(format: request.format, statusCode: status, headers: headers, body: body)
        do {
            return .success(Array(try JSONCoding.encoder().encode(response)))
        } catch {
            return .failure(LambdaErrorReport(errorMessage: "the response could not be encoded", errorType: "InternalError"))
        }
    }

    private func respond(to event: APIGatewayEvent, requestID: String, deadline: Date?) async -> (Int, [(name: String, value: String)], [UInt8]) {
        guard let deadline else { return await respond(to: event, requestID: requestID) }
        let seconds = deadline.timeIntervalSinceNow - LambdaFunction.deadlineMargin
        let answer = await withTaskGroup(of: (Int, [(name: String, value: String)], [UInt8])?.self) { group in
            group.addTask { await self.respond(to: event, requestID: requestID) }
            group.addTask {
                try? await Task.sleep(for: .seconds(max(0, seconds)))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let answer { return answer }
        logger.warning("the invocation's deadline came before its answer; its work was cancelled", metadata: ["request_id": "\(requestID)"])
        return await written(JSONResponse.error(ServiceError(.timeout, "the request took longer than the function may run", retryAfter: 1)))
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
                principal = try AuthorizerClaims.principal(claims, rule: principalRule)
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
        return await written(response)
    }

    private func written(_ response: Response) async -> (Int, [(name: String, value: String)], [UInt8]) {
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
            target.buffer.withLock { _ = $0.writeImmutableBuffer(buffer) }
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
