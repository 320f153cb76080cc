import Model

/// A JSON value inside a JWT header or payload.
typealias ClaimValue = JSONValue

/// The claims of a token, by name.
typealias Claims = [String: ClaimValue]
