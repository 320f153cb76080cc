import CryptoPrimitives
import Model

/// An issuer whose tokens this service accepts: its exact `iss`, the client ids its tokens must be
/// meant for, and where its public keys come from.
struct TrustedIssuer: Sendable {
    let issuer: String
    /// Whether tokens meant for this client id (`aud` of ID tokens, `client_id` of access tokens) are accepted.
    let acceptsClient: @Sendable (_ clientID: String) async -> Bool
    let key: @Sendable (_ kid: String) async -> VerificationKey?

    init(issuer: String, clientIDs: Set<String>, key: @escaping @Sendable (_ kid: String) async -> VerificationKey?) {
        self.init(issuer: issuer, acceptsClient: { clientIDs.contains($0) }, key: key)
    }

    init(issuer: String, acceptsClient: @escaping @Sendable (_ clientID: String) async -> Bool,
         key: @escaping @Sendable (_ kid: String) async -> VerificationKey?) {
        self.issuer = issuer
        self.acceptsClient = acceptsClient
        self.key = key
    }
}

/// A public key that verifies token signatures, with the one algorithm it is allowed for.
enum VerificationKey: Sendable {
    case rs256(RSAPublicKey)
    case es256(ECPublicKey)

    var algorithm: String {
        switch self {
        case .rs256: "RS256"
        case .es256: "ES256"
        }
    }

    func verify(signature: [UInt8], data: [UInt8]) -> Bool {
        switch self {
        case .rs256(let key): key.verifySHA256(signature: signature, data: data)
        case .es256(let key): key.verifySHA256(signature: signature, data: data)
        }
    }

    /// The key a JWK describes, if it is an RS256 (RSA, 2048 bits or more) or ES256 (P-256) signing key.
    init?(jwk: JSONWebKey) {
        if let use = jwk.use, use != "sig" { return nil }
        switch (jwk.kty, jwk.alg) {
        case ("RSA", nil), ("RSA", "RS256"?):
            guard let n = jwk.n.flatMap(Base64URL.decode), let e = jwk.e.flatMap(Base64URL.decode),
                  let key = try? RSAPublicKey(modulus: n, exponent: e) else { return nil }
            self = .rs256(key)
        case ("EC", nil), ("EC", "ES256"?):
            guard jwk.crv == "P-256", let x = jwk.x.flatMap(Base64URL.decode), let y = jwk.y.flatMap(Base64URL.decode),
                  let key = try? ECPublicKey(x: x, y: y) else { return nil }
            self = .es256(key)
        default:
            return nil
        }
    }
}
