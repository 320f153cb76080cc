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
        let caller = Caller(gateway: gateway, request: request, context: context)
        do {
            return try await gateway.bodies.withBody(of: request, upTo: gateway.settings.maxBodyBytes) { reader in
                await respond(to: Data(try await reader.read().readableBytesView), caller)
            }
        } catch let error as ServiceError {
            // Refused before parsing: too large (413) or too many bodies held (503); both as HTTP statuses.
            var response = reply(.single(RPCResponse(id: .null, error: error)), status: HTTPResponse.Status(code: error.code.httpStatus))
            if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            return response
        } catch {
            return parseError
        }
    }

    private func respond(to document: Data, _ caller: Caller) async -> Response {
        switch document.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
        case UInt8(ascii: "[")?:
            guard let calls = try? JSONCoding.decoder().decode([RPCCall].self, from: document) else { return parseError }
            guard !calls.isEmpty else { return reply(.single(RPCResponse.invalidRequest)) }
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
        case UInt8(ascii: "{")?:
            guard let call = try? JSONCoding.decoder().decode(RPCCall.self, from: document) else { return parseError }
            guard let response = await self.call(call, caller) else { return Response(status: .noContent) }
            return reply(.single(response))
        default:
            // Valid JSON that is neither an object nor an array is an invalid request; anything else does not parse.
            guard (try? JSONCoding.decoder().decode(JSONValue.self, from: document)) != nil else { return parseError }
            return reply(.single(RPCResponse.invalidRequest))
        }
    }

    private var parseError: Response { reply(.single(RPCResponse(id: .null, code: -32700, message: "Parse error"))) }

    /// One call; nil for a notification (no `id`), which is run but never answered.
    private func call(_ call: RPCCall, _ caller: Caller) async -> RPCResponse? {
        guard call.isValid else { return RPCResponse.invalidRequest }
        let outcome: RPCResponse
        do throws(ServiceError) {
            outcome = RPCResponse(id: call.id ?? .null, result: try await run(try call.method.get(), caller))
        } catch {
            outcome = RPCResponse(id: call.id ?? .null, error: error)
        }
        return call.id == nil ? nil : outcome
    }

    private func run(_ method: RPCCall.Method, _ caller: Caller) async throws(ServiceError) -> any JSONWritable {
        switch method {
        case .put(let entry):
            let receipt = try await gateway.bus.request(Topics.ingestPut, IngestRequest(principal: try await caller.principal(), entries: [entry]))
            guard let stored = receipt.stored.first else { throw ServiceError.internalError("nothing was stored") }
            return StoredEntryResponse(stored)
        case .putBatch(let entries):
            let receipt = try await gateway.bus.request(Topics.ingestPut, IngestRequest(principal: try await caller.principal(), entries: entries))
            let stored = receipt.stored.map(StoredEntryResponse.init)
            return StoredBatchResponse(count: stored.count, entries: stored)
        case .query(let query):
            let filter = try QueryParameters.filter(severity: query.severity, since: query.since, until: query.until, text: query.q)
            let page = try await gateway.bus.request(Topics.queryRecent, RecentQuery(
                principal: try await caller.principal(), limit: query.limit, cursor: query.cursor, filter: filter))
            return LogPageResponse(page: page)
        }
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

    private func reply(_ body: RPCReply, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.make(json: body.json, status: status)
    }
}

/// A JSON-RPC response body: one response object or an array of them.
enum RPCReply: JSONWritable {
    case single(RPCResponse)
    case batch([RPCResponse])

    var capacityHint: Int {
        switch self {
        case .single(let response): response.capacityHint
        case .batch(let responses): responses.reduce(2) { $0 + $1.capacityHint + 1 }
        }
    }

    func write(to out: inout JSONText) {
        switch self {
        case .single(let response): response.write(to: &out)
        case .batch(let responses):
            out.raw("[")
            for (index, response) in responses.enumerated() {
                if index > 0 { out.raw(",") }
                response.write(to: &out)
            }
            out.raw("]")
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .single(let response): try response.encode(to: encoder)
        case .batch(let responses): try responses.encode(to: encoder)
        }
    }
}

/// A JSON-RPC 2.0 response object: exactly one of `result` and `error`.
struct RPCResponse: JSONWritable {
    let id: JSONValue
    let result: (any JSONWritable)?
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

    init(id: JSONValue, result: any JSONWritable) {
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

    var capacityHint: Int { 64 + (result?.capacityHint ?? 64) }

    func write(to out: inout JSONText) {
        out.raw("{")
        if let error {
            out.raw(#""error":{"code":"#)
            out.integer(error.code)
            if let data = error.data {
                out.raw(#","data":{"code":"#)
                out.string(data.code)
                if let retryAfter = data.retryAfter {
                    out.raw(#","retry_after":"#)
                    out.integer(retryAfter)
                }
                out.raw("}")
            }
            out.raw(#","message":"#)
            out.string(error.message)
            out.raw("},")
        }
        out.raw(#""id":"#)
        out.value(id)
        out.raw(#","jsonrpc":"2.0""#)
        if error == nil, let result {
            out.raw(#","result":"#)
            result.write(to: &out)
        }
        out.raw("}")
    }
}
