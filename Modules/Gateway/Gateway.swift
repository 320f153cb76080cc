public import Bus
import Foundation
public import Hummingbird
import Model
import NIOCore

/// The HTTP edge: parses requests, enforces body limits, authenticates the caller and hands the
/// work to the modules over the bus. It never calls a module directly.
public struct Gateway: Sendable {
    let bus: Bus
    let settings: GatewaySettings
    let metrics: @Sendable () -> String
    let answers: AnswerBudget
    let admission: Admission
    let operations: LogOperations

    /// `metrics` renders the process's metrics in the Prometheus text format for `GET /metrics`.
    public init(bus: Bus, settings: GatewaySettings, metrics: @escaping @Sendable () -> String) {
        self.bus = bus
        self.settings = settings
        self.metrics = metrics
        self.answers = AnswerBudget(limit: settings.maxPendingAnswerBytes)
        self.admission = Admission(bus: bus, bodies: BodyBudget(limit: settings.maxPendingBodyBytes), answers: answers,
                                   maxBodyBytes: settings.maxBodyBytes)
        self.operations = LogOperations(bus: bus)
    }

    /// The router serving every route of the REST API; the HTTP server and the Lambda adapter share it.
    public func router() -> Router<GatewayContext> {
        let router = Router(context: GatewayContext.self)
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(RequestIDMiddleware())
        router.middlewares.add(ErrorMiddleware())
        router.get("/healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: OpenAPIDocument.buffer))
        }
        router.get("/.well-known/jwks.json") { _, _ in
            try JSONResponse.make(try await bus.request(Topics.authKeys, KeySetRequest()))
        }
        router.get("/:pool/.well-known/jwks.json") { _, context in
            try JSONResponse.make(try await bus.request(Topics.authKeys, KeySetRequest(userPoolID: context.parameters.get("pool"))))
        }
        let clientAddress = ClientAddress(settings: settings.clientAddress)
        let cognito = CognitoEndpoint(bus: bus, clientAddress: clientAddress)
        router.post("/") { request, context in await cognito.respond(request, context: context) }
        let tokens = TokenEndpoint(bus: bus, clientAddress: clientAddress)
        router.post("/oauth2/token") { request, context in await tokens.respond(request, context: context) }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics())))
        }
        router.post("/logs") { request, context in try await self.postLogs(request, context: context) }
        let otlp = OTLPEndpoint(gateway: self)
        router.post("/v1/logs") { request, context in await otlp.respond(request, context: context) }
        let rpc = JSONRPCEndpoint(gateway: self)
        router.post("/rpc") { request, context in await rpc.respond(request, context: context) }
        router.get("/logs") { request, context in try await self.getLogs(request, context: context) }
        router.post("/logs/query") { request, context in try await self.postLogsQuery(request, context: context) }
        let tail = TailEndpoint(gateway: self, settings: settings.tail)
        router.get("/logs/tail") { request, context in try await tail.respond(request, context: context) }
        let apiKeys = APIKeysEndpoint(gateway: self)
        router.get("/admin/api-keys") { request, context in try await apiKeys.list(request, context: context) }
        router.post("/admin/api-keys") { request, context in try await apiKeys.create(request, context: context) }
        router.delete("/admin/api-keys/:id") { request, context in try await apiKeys.revoke(request, context: context) }
        UsersEndpoint(gateway: self).register(on: router)
        ConsoleEndpoint(bus: bus).register(on: router)
        return router
    }

    /// `POST /logs`: one entry or a batch, as JSON or NDJSON, optionally gzip-compressed; admitted by the one rule
    /// (`Admission`) with its lane place reserved before its body is read.
    func postLogs(_ request: Request, context: GatewayContext) async throws -> Response {
        let principal = try await admission.caller(of: request, context: context, accepting: [.json, .ndjson])
        let format = BodyFormat(of: request) ?? .json
        let (answer, replayed) = try await bus.withPlace(in: Topics.ingestPut, for: principal.claimant) { place in
            try await admission.body(of: request, for: principal) { buffer in
                let body = try EntryBody.read(buffer, as: format)
                return try await operations.put(body.entries, asBatch: body.isBatch, idempotencyKey: request.headers[.idempotencyKey],
                                                by: principal, in: place)
            }
        }
        return answers.response(json: answer.json, for: principal.claimant, status: .created,
                                headers: replayed ? [.idempotentReplayed: "true"] : [:])
    }

    /// `GET /logs`: one page of recent entries.
    func getLogs(_ request: Request, context: GatewayContext) async throws -> Response {
        let principal = try await admission.caller(of: request, context: context)
        return try await page(try LogQuery(queryString: request.uri.query), for: principal)
    }

    /// `POST /logs/query`: `GET /logs` with its parameters in a JSON object (`{"query": ..., "limit": ..., "cursor": ...}`,
    /// JSON-RPC `logs.query`'s params), for queries too long or awkward for a URL.
    func postLogsQuery(_ request: Request, context: GatewayContext) async throws -> Response {
        let principal = try await admission.caller(of: request, context: context)
        let query = try await admission.body(of: request, for: principal) { buffer in
            do {
                return try JSONCoding.decoder().decode(LogQuery.self, from: buffer.readableBytesView)
            } catch {
                throw ServiceError.invalid(JSONCoding.describe(error))
            }
        }
        return try await page(query, for: principal)
    }

    private func page(_ query: LogQuery, for principal: Principal) async throws -> Response {
        let answer = answers.meter(for: principal.claimant)
        let page = try await operations.query(query, by: principal, budget: BatchBudget(allowance: answer))
        return answer.response(json: page.json)
    }
}
