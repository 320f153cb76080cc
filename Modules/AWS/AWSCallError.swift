/// Why an `AWSClient` call failed, with the operation and how many attempts were made.
public struct AWSCallError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// AWS answered with an error: one not worth retrying, or the last of retries that ran out.
        case service(AWSServiceError)
        /// No answer: connection failure or per-attempt timeout, on the last attempt made.
        case transport(String)
        /// AWS answered 2xx with a body that is too large or does not decode as the expected response.
        case invalidResponse(String)
        /// The request could not be encoded, or the client is misconfigured.
        case invalidRequest(String)
        /// The calling task was cancelled.
        case cancelled
    }

    public let kind: Kind
    /// The operation, e.g. `GenerateDataKey`.
    public let operation: String
    /// Attempts sent (0 when none was).
    public let attempts: Int

    public init(_ kind: Kind, operation: String, attempts: Int) {
        self.kind = kind
        self.operation = operation
        self.attempts = attempts
    }

    /// The AWS error response, when AWS answered with one.
    public var serviceError: AWSServiceError? {
        if case .service(let error) = kind { return error }
        return nil
    }

    /// True when a later call may succeed: throttling, 5xx or no answer at all.
    public var isTransient: Bool {
        switch kind {
        case .service(let error): error.isRetryable
        case .transport: true
        case .invalidResponse, .invalidRequest, .cancelled: false
        }
    }

    public var description: String {
        let reason = switch kind {
        case .service(let error): error.description
        case .transport(let detail): "no answer (\(detail))"
        case .invalidResponse(let detail): "invalid response (\(detail))"
        case .invalidRequest(let detail): "invalid request (\(detail))"
        case .cancelled: "cancelled"
        }
        return "\(operation) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)"
    }
}
