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
        case .requestHeadTooLarge: 431
        case .unsupportedMediaType: 415
        case .keyDestroyed: 410
        case .tooManyRequests, .budgetExceeded: 429
        case .overloaded, .timeout, .unavailable: 503
        case .decryptionFailed, .internalError: 500
        case .cancelled: 499
        }
    }
}

extension ServiceError.Code {
    /// The gRPC status code (https://grpc.github.io/grpc/core/md_doc_statuscodes.html) of an OTLP answer's
    /// `google.rpc.Status` with this code.
    var grpcStatus: Int32 {
        switch self {
        case .invalidRequest, .invalidPassword, .payloadTooLarge, .requestHeadTooLarge, .unsupportedMediaType, .methodNotAllowed: 3  // INVALID_ARGUMENT
        case .unauthenticated: 16          // UNAUTHENTICATED
        case .forbidden: 7                 // PERMISSION_DENIED
        case .notFound, .keyDestroyed: 5   // NOT_FOUND
        case .conflict: 6                  // ALREADY_EXISTS
        case .tooManyRequests, .budgetExceeded: 8  // RESOURCE_EXHAUSTED
        case .overloaded, .unavailable: 14 // UNAVAILABLE
        case .timeout: 4                   // DEADLINE_EXCEEDED
        case .decryptionFailed, .internalError: 13  // INTERNAL
        case .cancelled: 1                 // CANCELLED
        }
    }
}
