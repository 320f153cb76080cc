/// A token as presented in the `Authorization` header, without any `Bearer ` prefix.
public struct Credential: Sendable {
    public let token: String

    public init(token: String) { self.token = token }
}

/// Asks Auth for its published keys.
public struct KeySetRequest: Sendable {
    public init() {}
}

/// A JWK set (RFC 7517) of RSA public keys, as `/.well-known/jwks.json` serves it.
public struct JSONWebKeySet: Sendable, Codable, Equatable {
    public let keys: [JSONWebKey]

    public init(keys: [JSONWebKey]) { self.keys = keys }
}

/// One RSA public key in JWK form.
public struct JSONWebKey: Sendable, Codable, Equatable {
    public let kty: String
    public let kid: String
    public let use: String
    public let alg: String
    public let n: String
    public let e: String

    public init(kid: String, n: String, e: String) {
        self.kty = "RSA"
        self.kid = kid
        self.use = "sig"
        self.alg = "RS256"
        self.n = n
        self.e = e
    }
}
