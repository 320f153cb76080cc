/// How a Lambda function treats its callers (`lambda:` in the YAML).
public struct LambdaSettings: Sendable, Codable, Equatable {
    /// false: trust the claims API Gateway's Cognito authorizer verified; true: verify the `Authorization` header's
    /// JWT again in the function (against `auth.issuers`).
    public var verifyJWT: Bool

    public init(verifyJWT: Bool = false) {
        self.verifyJWT = verifyJWT
    }

    enum CodingKeys: String, CodingKey {
        case verifyJWT = "verify_jwt"
    }
}
