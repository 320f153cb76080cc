import CLibSSL

/// HMAC-SHA256 (RFC 2104) under one key, prepared once: OpenSSL's HMAC fetched and the key's inner and outer pads
/// hashed. Each code then costs a copy of that state and the hashing of the data, about half of what the one-shot
/// `HMACSHA256.authenticationCode` costs for a short message, so it suits a key that checks many (API keys).
public final class HMACSHA256Key: @unchecked Sendable {
    /// The prepared `EVP_MAC_CTX`. Only ever duplicated, never updated, so threads may share it (hence `@unchecked`).
    private let prepared: OpaquePointer

    /// Prepares `key` (any length; one longer than the block is hashed first, as RFC 2104 says).
    public init(_ key: [UInt8]) {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { preconditionFailure(CryptoFailure.openSSL("EVP_MAC_fetch(HMAC)").message) }
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { preconditionFailure(CryptoFailure.openSSL("EVP_MAC_CTX_new").message) }
        var parameters = [OSSL_PARAM_construct_utf8_string(logsvc_mac_param_digest(), logsvc_digest_sha256(), 0),
                          OSSL_PARAM_construct_end()]
        let status = key.withNonNilBytes { bytes, count in EVP_MAC_init(context, bytes, count, &parameters) }
        precondition(status == 1, CryptoFailure.openSSL("EVP_MAC_init(HMAC-SHA256)").message)
        prepared = context
    }

    deinit { EVP_MAC_CTX_free(prepared) }

    /// The 32-byte HMAC-SHA256 of `data` under this key.
    public func authenticationCode(_ data: [UInt8]) -> [UInt8] {
        guard let context = EVP_MAC_CTX_dup(prepared) else { preconditionFailure(CryptoFailure.openSSL("EVP_MAC_CTX_dup").message) }
        defer { EVP_MAC_CTX_free(context) }
        var code = [UInt8](repeating: 0, count: 32)
        var length = 0
        let updated = data.withNonNilBytes { bytes, count in EVP_MAC_update(context, bytes, count) }
        let finished = EVP_MAC_final(context, &code, &length, code.count)
        precondition(updated == 1 && finished == 1 && length == 32, CryptoFailure.openSSL("EVP_MAC_final(HMAC-SHA256)").message)
        return code
    }
}
