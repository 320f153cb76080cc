import Bus
import Foundation
import Hummingbird
import Model
import NIOCore

/// `POST /rpc`: JSON-RPC 2.0 (single calls, batches, notifications) with the methods `logs.put`,
/// `logs.putBatch` and `logs.query` (`LogOperations`, as REST), authenticated by the same `Authorization` header
/// and admitted by the same rule (`Admission`): the caller first, then the body within the caller's share, then
/// each call in its lane within the caller's share, like a request of its own. A batch is bounded by
/// `gateway.rpc`: its number of calls, and what its calls may spend together (`BatchBudget`).
struct JSONRPCEndpoint: Sendable {
    let gateway: Gateway

    /// Calls of one batch that run at once.
    static let batchConcurrency = 8

    var settings: RPCSettings { gateway.settings.rpc }

    func respond(_ request: Request, context: GatewayContext) async -> Response {
        do {
            let principal = try await gateway.admission.caller(of: request, context: context)
            return try await gateway.admission.body(of: request, for: principal) { body in await respond(to: body, principal) }
        } catch let error as ServiceError {
            return refusal(error)
        } catch {
            return parseError
        }
    }

    /// A request refused before it is parsed (no token, not JSON, too large, no room for its body): one error
    /// response with a null id and the error's HTTP status.
    private func refusal(_ error: ServiceError) -> Response {
        var response = reply(RPCResponse(id: .null, error: error), status: HTTPResponse.Status(code: error.code.httpStatus))
        if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if error.code == .unauthenticated { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    private func respond(to body: ByteBuffer, _ principal: Principal) async -> Response {
        guard let document = try? JSONParser.parse(body.readableBytesView) else { return parseError }
        let meter = gateway.answers.meter(for: principal.claimant)
        let budget = BatchBudget(entries: settings.maxBatchScanEntries, bytes: settings.maxBatchResponseBytes, allowance: meter)
        switch document {
        case .array(let elements):
            guard !elements.isEmpty else { return reply(RPCResponse.invalidRequest) }
            guard elements.count <= settings.maxBatchCalls else {
                return refusal(ServiceError(.payloadTooLarge, "a batch holds at most \(settings.maxBatchCalls) calls (gateway.rpc.max_batch_calls)"))
            }
            guard let calls = try? JSONCoding.decoder().decode([RPCCall].self, from: document) else { return parseError }
            // A client that went away starts no further calls; those running are cancelled with it.
            let outcomes = await inParallel(calls, width: JSONRPCEndpoint.batchConcurrency) { call in
                await self.call(call, principal, budget)
            }
            let answers = outcomes.compactMap { try? $0.get() }
            guard !answers.isEmpty else { return Response(status: .noContent) }
            return meter.response(json: RPCResponse.batch(answers))
        case .object:
            guard let call = try? JSONCoding.decoder().decode(RPCCall.self, from: document) else { return parseError }
            guard let single = await self.call(call, principal, budget) else { return Response(status: .noContent) }
            return meter.response(json: single)
        default:
            return reply(RPCResponse.invalidRequest)
        }
    }

    private var parseError: Response { reply(RPCResponse(id: .null, code: RPCErrorCode.parseError, message: "Parse error")) }

    /// One call's response, written; nil for a notification (no `id`), which is run but never answered.
    private func call(_ call: RPCCall, _ principal: Principal, _ budget: BatchBudget) async -> [UInt8]? {
        guard call.isValid else { return RPCResponse.invalidRequest.json }
        let outcome: RPCResponse
        do throws(ServiceError) {
            outcome = RPCResponse(id: call.id ?? .null, result: try await run(try call.method.get(), principal, budget))
        } catch {
            outcome = RPCResponse(id: call.id ?? .null, error: error)
        }
        guard call.id != nil else { return nil }
        let answer = outcome.json
        if case .success(.query) = call.method {} else { budget.charge(bytes: answer.count) }
        return answer
    }

    /// Runs one call within the batch's budget: queries draw on it as they examine entries and fill their page;
    /// other calls are charged their answer afterwards.
    private func run(_ method: RPCCall.Method, _ principal: Principal, _ budget: BatchBudget) async throws(ServiceError) -> any JSONWritable {
        guard !budget.isSpent else { throw ServiceError.budgetExceeded }
        switch method {
        case .put(let entry): return try await gateway.operations.put([entry], asBatch: false, by: principal).answer
        case .putBatch(let entries): return try await gateway.operations.put(entries, asBatch: true, by: principal).answer
        case .query(let query): return try await gateway.operations.query(query, by: principal, budget: budget)
        }
    }

    private func reply(_ response: RPCResponse, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.make(json: response.json, status: status)
    }
}

/// A JSON-RPC 2.0 response object: exactly one of `result` and `error`.
struct RPCResponse: JSONWritable {
    /// The call's id as received: a string, a number (its exact text) or null.
    let id: JSONNode
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

    static let invalidRequest = RPCResponse(id: .null, code: RPCErrorCode.invalidRequest, message: "Invalid Request")

    init(id: JSONNode, result: any JSONWritable) {
        self.id = id
        self.result = result
        self.error = nil
    }

    init(id: JSONNode, code: Int, message: String) {
        self.id = id
        self.result = nil
        self.error = RPCError(code: code, message: message, data: nil)
    }

    init(id: JSONNode, error: ServiceError) {
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

    /// The body of a batch's answer: the responses, each already written, as one JSON array.
    static func batch(_ answers: [[UInt8]]) -> [UInt8] {
        var body = [UInt8]()
        body.reserveCapacity(answers.reduce(2) { $0 + $1.count + 1 })
        body.append(UInt8(ascii: "["))
        for (index, answer) in answers.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: answer)
        }
        body.append(UInt8(ascii: "]"))
        return body
    }

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
        out.id(id)
        out.raw(#","jsonrpc":"2.0""#)
        if error == nil, let result {
            out.raw(#","result":"#)
            result.write(to: &out)
        }
        out.raw("}")
    }
}
