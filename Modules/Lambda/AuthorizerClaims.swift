import Model

/// The claims of API Gateway's Cognito authorizer, as the event carries them: every value a string, groups written
/// `admin` or `[admin writer]` (HTTP API) or `admin,writer` (REST API).
enum AuthorizerClaims {
    /// The principal the claims name, by the same rules as a verified token; `unauthenticated` when they name none.
    static func principal(_ claims: [String: JSONValue], rule: PrincipalRule) throws(ServiceError) -> Principal {
        var normalized = claims
        if case .string(let groups)? = claims["cognito:groups"] {
            let names = groups.trimmingPrefix("[").split { $0 == "," || $0 == " " || $0 == "]" }.map { JSONValue.string(String($0)) }
            normalized["cognito:groups"] = .array(names)
        }
        let use: TokenUse = claims["token_use"]?.string == "access" ? .access : .id
        return try rule.principal(claims: normalized, use: use)
    }
}
