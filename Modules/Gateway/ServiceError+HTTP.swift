public import Model

extension ServiceError.Code {
    /// The HTTP status of a REST answer (and of a JSON-RPC request refused before it is parsed) with this code.
    public var httpStatus: Int {
        switch self {
        case .invalidRequest, .invalidPassword: 400
        case .unauthenticated: 401
        case .forbidden: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .conflict: 409
        case .payloadTooLarge: 413
        case .unsupportedMediaType: 415
        case .keyDestroyed: 410
        case .tooManyRequests, .budgetExceeded: 429
        case .overloaded, .timeout, .unavailable: 503
        case .decryptionFailed, .internalError: 500
        case .cancelled: 499
        }
    }
}
