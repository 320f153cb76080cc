import Bus
import Foundation
import Hummingbird
import Model
import NIOCore

/// `POST /rpc`: JSON-RPC 2.0 (single calls, batches, notifications) with the methods `logs.put`,
/// `logs.putBatch` and `logs.query`, authenticated by the same `Authorization` header as REST.
struct JSONRPCEndpoint: Sendable {
    let gateway: Gateway

    /// Calls of one batch that run at once.
    static let batchConcurrency = 8

    func respond(_ request: Request, context: GatewayContext) async -> Response {
        if let type = request.headers[.contentType], !Gateway.isJSON(type) {
            return reply(.single(RPCResponse(id: .null, error: Gateway.notJSON)), status: .unsupportedMediaType)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: gateway.settings.maxBodyBytes)
        } catch {
            return reply(.single(RPCResponse(id: .null, error: ServiceError(
                .payloadTooLarge, "the request body exceeds \(gateway.settings.maxBodyBytes) bytes (max_body_bytes)"))),
                         status: .contentTooLarge)
        }
        guard let message = try? JSONCoding.decoder().decode(JSONValue.self, from: Data(body.readableBytesView)) else {
            return reply(.single(RPCResponse(id: .null, code: -32700, message: "Parse error")))
        }
        let caller = Caller(gateway: gateway, request: request, context: context)
        switch message {
        case .array(let calls) where calls.isEmpty:
            return reply(.single(RPCResponse.invalidRequest))
        case .array(let calls):
            let responses = await withTaskGroup(of: (Int, RPCResponse?).self) { group in
                var results = [RPCResponse?](repeating: nil, count: calls.count)
                var next = 0
                func start() {
                    let index = next
                    next += 1
                    group.addTask { (index, await self.call(calls[index], caller)) }
                }
                while next < min(calls.count, JSONRPCEndpoint.batchConcurrency) { start() }
                while let (index, response) = await group.next() {
                    results[index] = response
                    if next < calls.count { start() }
                }
                return results.compactMap { $0 }
            }
            return responses.isEmpty ? Response(status: .noContent) : reply(.batch(responses))
        default:
            guard let response = await call(message, caller) else { return Response(status: .noContent) }
            return reply(.single(response))
        }
    }

    /// One call; nil for a notification (no `id`), which is run but never answered.
    private func call(_ message: JSONValue, _ caller: Caller) async -> RPCResponse? {
        guard case .object(let fields) = message, fields["jsonrpc"] == .string("2.0"),
              case .string(let method)? = fields["method"] else { return RPCResponse.invalidRequest }
        let id = fields["id"]
        switch id {
        case nil, .string?, .integer?, .number?, .null?: break
        default: return RPCResponse.invalidRequest
        }
        let params = fields["params"]
        switch params {
        case nil, .object?, .array?: break
        default: return RPCResponse.invalidRequest
        }
        let outcome: RPCResponse
        do throws(ServiceError) {
            outcome = RPCResponse(id: id ?? .null, result: try await run(method, params, caller))
        } catch {
            outcome = RPCResponse(id: id ?? .null, error: error)
        }
        return id == nil ? nil : outcome
    }

    private func run(_ method: String, _ params: JSONValue?, _ caller: Caller) async throws(ServiceError) -> any Encodable & Sendable {
        switch method {
        case "logs.put":
            let entry = try decode(EntryBody.StrictEntry.self, params).entry
            let receipt = try await gateway.bus.request(Topics.ingestPut, IngestRequest(principal: try await caller.principal(), entries: [entry]))
            guard let stored = receipt.stored.first else { throw ServiceError.internalError("nothing was stored") }
            return StoredEntryResponse(stored)
        case "logs.putBatch":
            let batch = try decode(BatchParams.self, params)
            let receipt = try await gateway.bus.request(Topics.ingestPut, IngestRequest(
                principal: try await caller.principal(), entries: batch.entries.map(\.entry)))
            let stored = receipt.stored.map(StoredEntryResponse.init)
            return StoredBatchResponse(count: stored.count, entries: stored)
        case "logs.query":
            let query = try decode(QueryParams.self, params ?? .object([:]))
            let filter = try QueryParameters.filter(severity: query.severity, since: query.since, until: query.until, text: query.q)
            let page = try await gateway.bus.request(Topics.queryRecent, RecentQuery(
                principal: try await caller.principal(), limit: query.limit, cursor: query.cursor, filter: filter))
            return LogPageResponse(page: page)
        default:
            throw ServiceError(.methodNotAllowed, "Method not found")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ params: JSONValue?) throws(ServiceError) -> T {
        guard let params, case .object = params else { throw ServiceError.invalid("params must be an object") }
        do {
            return try JSONCoding.decoder().decode(T.self, from: try JSONCoding.encoder().encode(params))
        } catch {
            throw ServiceError.invalid("invalid params: \(JSONCoding.describe(error, subject: "params"))")
        }
    }

    private func reply(_ body: RPCReply, status: HTTPResponse.Status = .ok) -> Response {
        (try? JSONResponse.make(body, status: status)) ?? Response(status: .internalServerError)
    }

    private struct BatchParams: Decodable {
        let entries: [EntryBody.StrictEntry]
    }

    private struct QueryParams: Decodable {
        let limit: Int?
        let severity: String?
        let since: String?
        let until: String?
        let cursor: String?
        let q: String?
    }

    /// The caller of the HTTP request, authenticated once for all calls of a batch.
    private actor Caller {
        let gateway: Gateway
        let request: Request
        let context: GatewayContext
        private var outcome: Result<Principal, ServiceError>?

        init(gateway: Gateway, request: Request, context: GatewayContext) {
            self.gateway = gateway
            self.request = request
            self.context = context
        }

        func principal() async throws(ServiceError) -> Principal {
            if let outcome { return try outcome.get() }
            let result: Result<Principal, ServiceError>
            do throws(ServiceError) { result = .success(try await gateway.authenticate(request, context: context)) } catch { result = .failure(error) }
            outcome = result
            return try result.get()
        }
    }
}

/// A JSON-RPC response body: one response object or an array of them.
enum RPCReply: Encodable {
    case single(RPCResponse)
    case batch([RPCResponse])

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .single(let response): try response.encode(to: encoder)
        case .batch(let responses): try responses.encode(to: encoder)
        }
    }
}

/// A JSON-RPC 2.0 response object: exactly one of `result` and `error`.
struct RPCResponse: Encodable, Sendable {
    let id: JSONValue
    let result: (any Encodable & Sendable)?
    let error: RPCError?

    struct RPCError: Encodable, Sendable {
        let code: Int
        let message: String
        let data: ErrorData?
    }

    /// Our errors' `data`: the service error code (as in REST) and, when set, seconds to wait.
    struct ErrorData: Encodable, Sendable {
        let code: String
        let retryAfter: Int?

        enum CodingKeys: String, CodingKey {
            case code
            case retryAfter = "retry_after"
        }
    }

    static let invalidRequest = RPCResponse(id: .null, code: -32600, message: "Invalid Request")

    init(id: JSONValue, result: any Encodable & Sendable) {
        self.id = id
        self.result = result
        self.error = nil
    }

    init(id: JSONValue, code: Int, message: String) {
        self.id = id
        self.result = nil
        self.error = RPCError(code: code, message: message, data: nil)
    }

    init(id: JSONValue, error: ServiceError) {
        self.id = id
        self.result = nil
        let message = error.code == .methodNotAllowed ? "Method not found" : error.message
        self.error = RPCError(code: error.code.rpcCode, message: message,
                              data: ErrorData(code: error.code.rawValue, retryAfter: error.retryAfter))
    }

    enum CodingKeys: String, CodingKey { case jsonrpc, id, result, error }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        try container.encode(id, forKey: .id)
        if let error { try container.encode(error, forKey: .error) } else if let result { try container.encode(result, forKey: .result) }
    }
}
