public import Model

/// The error codes of JSON-RPC 2.0 responses (`error.code`): the protocol's own for a request that is not
/// valid JSON-RPC, and for a failed call the `rpcCode` of its `ServiceError.Code` (`error.data.code` then
/// names that code). The one list of them; the OpenAPI document's `RPCError` schema is checked against it.
enum RPCErrorCode {
    /// The body is not JSON: -32700, `id` null.
    static let parseError = -32700
    /// The body is JSON but not a JSON-RPC request or batch (an empty batch, say): -32600, `id` null.
    static let invalidRequest = -32600

    /// Every code a response of `POST /rpc` can carry, e.g. `[-32700, -32600, -32602, -32601, -32603, -32001, ...]`.
    static var all: Set<Int> {
        Set([parseError, invalidRequest] + ServiceError.Code.allCases.map(\.rpcCode))
    }
}

extension ServiceError.Code {
    /// The JSON-RPC 2.0 `error.code` of a failed call with this code: -32602 for bad params, -32601 for an
    /// unknown method, -32603 for an internal error, our own in -32000...-32099.
    public var rpcCode: Int {
        switch self {
        case .invalidRequest, .invalidPassword: -32602
        case .notFound, .methodNotAllowed: -32601
        case .internalError: -32603
        case .unauthenticated: -32001
        case .forbidden: -32003
        case .payloadTooLarge, .requestHeadTooLarge: -32013
        case .conflict: -32009
        case .overloaded, .tooManyRequests, .budgetExceeded: -32029
        case .timeout: -32008
        case .unavailable: -32030
        case .unsupportedMediaType: -32015
        case .decryptionFailed: -32040
        case .keyDestroyed: -32041
        case .cancelled: -32099
        }
    }
}
