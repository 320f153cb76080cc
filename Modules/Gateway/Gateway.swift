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
    let bodies: BodyBudget
    let answers: AnswerBudget

    /// `metrics` renders the process's metrics in the Prometheus text format for `GET /metrics`.
    public init(bus: Bus, settings: GatewaySettings, metrics: @escaping @Sendable () -> String) {
        self.bus = bus
        self.settings = settings
        self.metrics = metrics
        self.bodies = BodyBudget(limit: settings.maxPendingBodyBytes)
        self.answers = AnswerBudget(limit: settings.maxPendingAnswerBytes)
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
        let rpc = JSONRPCEndpoint(gateway: self)
        router.post("/rpc") { request, context in await rpc.respond(request, context: context) }
        router.get("/logs") { request, context in try await self.getLogs(request, context: context) }
        let tail = TailEndpoint(gateway: self, settings: settings.tail)
        router.get("/logs/tail") { request, context in try await tail.respond(request, context: context) }
        return router
    }

    /// Every route that acts for a caller admits a request in the same order, so that nothing but bounded work is
    /// spent before the caller is known, and what a request holds is counted within its caller's share: the token
    /// is checked from the head; a caller holding its share of unsent answers (`AnswerBudget`) is refused; then a
    /// place in the lane is reserved (a place in the queue, not a running slot) and the body's bytes are reserved;
    /// only then is the body read, and the request runs in the place it holds. So a request that cannot run is
    /// refused before its body is read, and one whose body arrives slowly holds no slot others could run in. The
    /// answer counts against the caller's share until it has been sent.
    func postLogs(_ request: Request, context: GatewayContext) async throws -> Response {
        let principal = try await authenticate(request, context: context)
        try requireJSON(request)
        let claimant = principal.claimant
        try answers.checkRoom(for: claimant)
        let (body, receipt) = try await bus.withPlace(in: Topics.ingestPut, for: claimant) { ingest in
            try await bodies.withBody(of: request, for: claimant, upTo: settings.maxBodyBytes) { reader in
                let buffer = try await reader.read()
                let body: EntryBody
                do {
                    body = try JSONCoding.decoder().decode(EntryBody.self, from: buffer.readableBytesView)
                } catch {
                    throw ServiceError.invalid(JSONCoding.describe(error))
                }
                return (body, try await ingest.request(IngestRequest(
                    principal: principal, entries: body.entries, idempotencyKey: request.headers[.idempotencyKey])))
            }
        }
        let stored = receipt.stored.map(StoredEntryResponse.init)
        let json: [UInt8]
        if body.isBatch {
            json = StoredBatchResponse(count: stored.count, entries: stored).json
        } else {
            guard let single = stored.first else { throw ServiceError.internalError("nothing was stored") }
            json = single.json
        }
        return answers.response(json: json, for: claimant, status: .created,
                                headers: receipt.replayed ? [.idempotentReplayed: "true"] : [:])
    }

    func getLogs(_ request: Request, context: GatewayContext) async throws -> Response {
        let principal = try await authenticate(request, context: context)
        let parameters = try QueryString(request.uri.query, reading: ["limit", "severity", "since", "until", "cursor", "q"])
        var limit: Int?
        if let text = parameters["limit"] {
            guard let value = Int(text) else { throw ServiceError.invalid("limit must be an integer") }
            limit = value
        }
        let filter = try QueryParameters.filter(severity: parameters["severity"], since: parameters["since"],
                                                until: parameters["until"], text: parameters["q"])
        let claimant = principal.claimant
        try answers.checkRoom(for: claimant)
        let answer = answers.meter(for: claimant)
        let page = try await bus.request(Topics.queryRecent, RecentQuery(principal: principal, limit: limit, cursor: parameters["cursor"],
                                                                          filter: filter, budget: BatchBudget(allowance: answer)),
                                         for: claimant)
        return answer.response(json: LogPageResponse(page: page).json)
    }

    /// The caller: the principal an authorizer in front established, else the verified `Authorization` header
    /// (`<token>`, as the seed's curl sends it, or `Bearer <token>`).
    func authenticate(_ request: Request, context: GatewayContext) async throws(ServiceError) -> Principal {
        if let principal = context.authorizedPrincipal { return principal }
        guard let header = request.headers[.authorization], let token = Gateway.token(fromAuthorization: header) else {
            throw ServiceError.unauthenticated("missing Authorization header")
        }
        return try await bus.request(Topics.authVerify, Credential(token: token))
    }

    /// The token of an `Authorization` value: `<token>` or `Bearer <token>` (any case), spaces and tabs
    /// around it ignored; nil when nothing is left. Works on the UTF-8 bytes: a token is ASCII.
    static func token(fromAuthorization value: String) -> String? {
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var bytes = value.utf8[...]
        while let first = bytes.first, isBlank(first) { bytes.removeFirst() }
        while let last = bytes.last, isBlank(last) { bytes.removeLast() }
        let scheme = Array("bearer ".utf8)
        if bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 }) {
            bytes.removeFirst(scheme.count)
            while let first = bytes.first, isBlank(first) { bytes.removeFirst() }
        }
        return bytes.isEmpty ? nil : String(value[bytes.startIndex..<bytes.endIndex])
    }

    private func requireJSON(_ request: Request) throws(ServiceError) {
        if let type = request.headers[.contentType], !Gateway.isJSON(type) { throw Gateway.notJSON }
    }

    /// Whether a `Content-Type` value announces a JSON body we read (`ContentType.isJSON`).
    static func isJSON(_ contentType: String) -> Bool { ContentType(contentType)?.isJSON == true }

    static let notJSON = ServiceError(.unsupportedMediaType, "send the body as application/json (UTF-8)")
}
