import CryptoPrimitives

/// An issuer whose tokens this service accepts: its exact `iss`, the client ids its tokens must be
/// meant for, and where its public keys come from.
struct TrustedIssuer: Sendable {
    let issuer: String
    let clientIDs: Set<String>
    let key: @Sendable (_ kid: String) async -> VerificationKey?
}

/// A public key that verifies token signatures, with the one algorithm it is allowed for.
enum VerificationKey: Sendable {
    case rs256(RSAPublicKey)

    var algorithm: String {
        switch self {
        case .rs256: "RS256"
        }
    }

    func verify(signature: [UInt8], data: [UInt8]) -> Bool {
        switch self {
        case .rs256(let key): key.verifySHA256(signature: signature, data: data)
        }
    }
}
