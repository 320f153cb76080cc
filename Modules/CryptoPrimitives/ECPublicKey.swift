import CLibSSL

/// A P-256 public key; safe to share across tasks.
public final class ECPublicKey: @unchecked Sendable {
    /// Bytes in each affine coordinate of a P-256 point.
    static let coordinateLength = 32

    private let key: OpaquePointer

    /// The 32-byte big-endian affine coordinates (for a JWK's x and y).
    public let x: [UInt8]
    public let y: [UInt8]

    /// Builds a key from the 32-byte big-endian affine coordinates, as a JWK's `x` and `y` carry them.
    /// Throws for other lengths and for points that are not on P-256.
    public init(x: [UInt8], y: [UInt8]) throws(CryptoFailure) {
        guard x.count == Self.coordinateLength, y.count == Self.coordinateLength else {
            throw CryptoFailure("P-256 coordinates of \(x.count) and \(y.count) bytes are not \(Self.coordinateLength) each")
        }
        ERR_clear_error()
        let key = try Self.makeKey(x: x, y: y)
        do throws(CryptoFailure) {
            try Self.check(key)
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        self.key = key
        self.x = x
        self.y = y
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// True only if `signature` is a valid ES256 signature of `data` in the JWS form (r||s, 64 bytes, not DER).
    /// Never throws; any error, a length other than 64, or r or s equal to zero means false.
    public func verifySHA256(signature: [UInt8], data: [UInt8]) -> Bool {
        defer { ERR_clear_error() }
        guard let der = try? ECDSASignature.der(fromRaw: signature), let context = EVP_MD_CTX_new() else {
            return false
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1 else {
            return false
        }
        let status = data.withNonNilBytes { bytes, count in
            EVP_DigestVerify(context, der, der.count, bytes, count)
        }
        return status == 1
    }

    /// The affine coordinate `name` (EC_PUB_X or EC_PUB_Y) of the P-256 `key`, left-padded to 32 bytes.
    static func coordinate(_ name: UnsafePointer<CChar>, of key: OpaquePointer) throws(CryptoFailure) -> [UInt8] {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, name, &number) == 1, let number else {
            throw .openSSL("EVP_PKEY_get_bn_param(\(String(cString: name)))")
        }
        defer { BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: coordinateLength)
        guard BN_bn2binpad(number, &bytes, Int32(coordinateLength)) == Int32(coordinateLength) else {
            throw .openSSL("BN_bn2binpad(\(String(cString: name)))")
        }
        return bytes
    }

    private static func makeKey(x: [UInt8], y: [UInt8]) throws(CryptoFailure) -> OpaquePointer {
        // SEC1 uncompressed point: 0x04, then x, then y.
        let point: [UInt8] = [0x04] + x + y
        guard let builder = OSSL_PARAM_BLD_new() else {
            throw .openSSL("OSSL_PARAM_BLD_new")
        }
        defer { OSSL_PARAM_BLD_free(builder) }
        // The builder keeps the point's address until OSSL_PARAM_BLD_to_param, so both run while it is pinned.
        let parameters = point.withNonNilBytes { bytes, count -> UnsafeMutablePointer<OSSL_PARAM>? in
            guard OSSL_PARAM_BLD_push_utf8_string(builder, logsvc_param_group_name(), logsvc_group_p256(), 0) == 1,
                  OSSL_PARAM_BLD_push_octet_string(builder, logsvc_param_pub_key(), bytes, count) == 1 else {
                return nil
            }
            return OSSL_PARAM_BLD_to_param(builder)
        }
        guard let parameters else {
            throw .openSSL("OSSL_PARAM_BLD")
        }
        defer { OSSL_PARAM_free(parameters) }

        guard let context = EVP_PKEY_CTX_new_from_name(nil, logsvc_key_type_ec(), nil) else {
            throw .openSSL("EVP_PKEY_CTX_new_from_name(EC)")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
              EVP_PKEY_fromdata(context, &key, logsvc_selection_public_key(), parameters) == 1,
              let key else {
            throw .openSSL("EVP_PKEY_fromdata(EC P-256)")
        }
        return key
    }

    /// OpenSSL's public-key check: the point is on the curve, not at infinity, and of the group's order.
    private static func check(_ key: OpaquePointer) throws(CryptoFailure) {
        try EVPKeyFunctions.checkPublic(key, "P-256 public key check")
    }
}
