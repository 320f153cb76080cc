import HTTPTypes

extension HTTPField.Name {
    /// `X-Request-Id`: the caller's or a generated id, echoed on every response.
    static let requestID = constant("X-Request-Id")
    /// `Idempotency-Key` on `POST /logs`: a retry with the same key and body stores nothing new.
    static let idempotencyKey = constant("Idempotency-Key")
    /// `Idempotent-Replayed: true` on the answer to such a retry.
    static let idempotentReplayed = constant("Idempotent-Replayed")

    /// The console's response headers (`ConsoleEndpoint.securityHeaders`).
    static let contentSecurityPolicy = constant("Content-Security-Policy")
    static let xContentTypeOptions = constant("X-Content-Type-Options")
    static let xFrameOptions = constant("X-Frame-Options")
    static let referrerPolicy = constant("Referrer-Policy")

    private static func constant(_ name: StaticString) -> HTTPField.Name {
        guard let field = HTTPField.Name("\(name)") else { preconditionFailure("\(name) is not a valid header name") }
        return field
    }
}
