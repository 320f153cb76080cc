import CryptoPrimitives
import Foundation
import Model

/// A compact-serialised JWS (RFC 7515) split into its parts; nothing in it is trusted yet.
struct JWT {
    let header: Claims
    let claims: Claims
    let signingInput: [UInt8]
    let signature: [UInt8]

    /// Splits and decodes `token`; throws `unauthenticated` for anything malformed, including a part that is not
    /// canonical base64url (padded, or with non-zero trailing bits), so that a token has exactly one spelling.
    init(parsing token: String) throws(ServiceError) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw JWT.malformed }
        guard let headerBytes = Base64URL.decodeCanonical(String(parts[0])),
              let payloadBytes = Base64URL.decodeCanonical(String(parts[1])),
              let signature = Base64URL.decodeCanonical(String(parts[2])) else { throw JWT.notCanonical }
        let decoder = JSONCoding.decoder()
        guard let header = try? decoder.decode(Claims.self, from: Data(headerBytes)),
              let claims = try? decoder.decode(Claims.self, from: Data(payloadBytes)) else { throw JWT.malformed }
        self.header = header
        self.claims = claims
        self.signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        self.signature = signature
    }

    /// Signs `claims` with RS256 under `key`, naming it `kid` in the header.
    static func sign(_ claims: Claims, kid: String, key: RSAPrivateKey) throws(ServiceError) -> String {
        let header: Claims = ["alg": .string("RS256"), "kid": .string(kid), "typ": .string("JWT")]
        let encoder = JSONCoding.encoder()
        do {
            let input = Base64URL.encode(Array(try encoder.encode(header))) + "."
                + Base64URL.encode(Array(try encoder.encode(claims)))
            return input + "." + Base64URL.encode(try key.signSHA256(Array(input.utf8)))
        } catch {
            throw ServiceError.internalError("signing a token failed")
        }
    }

    static let malformed = TokenRejection.malformed.error("the token is not a well-formed JWT")
    static let notCanonical = TokenRejection.malformed.error(
        "the token is not a well-formed JWT: each part must be canonical base64url (no padding, no stray bits)")
}
