/// The one error model of the service: every failure a caller can see is one of these. The edge that
/// speaks a protocol maps its code: the gateway to an HTTP status (`ServiceError.Code.httpStatus`) and a
/// JSON-RPC code (`rpcCode`).
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: Code
    public let message: String
    /// Seconds the caller should wait before retrying (sent as `Retry-After`).
    public let retryAfter: Int?
    /// A stable, low-cardinality cause within the code (`expired`, `bad_signature`, ...), for
    /// metrics and logs; never shown to callers.
    public let reason: String?

    public init(_ code: Code, _ message: String, retryAfter: Int? = nil, reason: String? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// Stable, documented error codes (the `error.code` of REST responses).
    public enum Code: String, Sendable, CaseIterable {
        case invalidRequest = "invalid_request"
        case unauthenticated = "unauthenticated"
        case forbidden = "forbidden"
        case notFound = "not_found"
        case methodNotAllowed = "method_not_allowed"
        case conflict = "conflict"
        case payloadTooLarge = "payload_too_large"
        /// The request line and headers together exceed what the server reads of a head (RFC 6585's 431).
        case requestHeadTooLarge = "request_head_too_large"
        case invalidPassword = "invalid_password"
        case tooManyRequests = "too_many_requests"
        /// A JSON-RPC batch spent its budget (calls, entries examined, answer bytes) before this call ran.
        case budgetExceeded = "budget_exceeded"
        case unsupportedMediaType = "unsupported_media_type"
        case overloaded = "overloaded"
        case timeout = "timeout"
        case unavailable = "unavailable"
        case decryptionFailed = "decryption_failed"
        case keyDestroyed = "key_destroyed"
        case internalError = "internal_error"
        /// The client went away before the answer was ready (nginx's 499); seen only in metrics and logs.
        case cancelled = "cancelled"
    }
}

extension ServiceError {
    public static func invalid(_ message: String) -> ServiceError { ServiceError(.invalidRequest, message) }
    public static func unauthenticated(_ message: String) -> ServiceError { ServiceError(.unauthenticated, message) }
    public static func internalError(_ message: String) -> ServiceError { ServiceError(.internalError, message) }
    public static func unavailable(_ message: String) -> ServiceError {
        ServiceError(.unavailable, message, retryAfter: 1)
    }
    public static let cancelled = ServiceError(.cancelled, "the client went away before the answer was ready")
    public static let budgetExceeded = ServiceError(.budgetExceeded,
        "the batch spent its budget (gateway.rpc.max_batch_scan_entries or max_batch_response_bytes) before this call ran; send it again in another request")
}
