import CLibSSL

/// Conversion between the JWS form of an ECDSA P-256 signature (r||s, RFC 7518 §3.4) and OpenSSL's DER form.
enum ECDSASignature {
    /// Bytes in each of r and s for P-256.
    static let componentLength = 32

    /// The DER `ECDSA-Sig-Value` for the 64-byte JWS `raw`; throws for other lengths and for r or s equal to zero.
    static func der(fromRaw raw: [UInt8]) throws(CryptoFailure) -> [UInt8] {
        guard raw.count == 2 * componentLength else {
            throw CryptoFailure("ES256 signature of \(raw.count) bytes is not \(2 * componentLength)")
        }
        let r = Array(raw.prefix(componentLength))
        let s = Array(raw.suffix(componentLength))
        guard r.contains(where: { $0 != 0 }), s.contains(where: { $0 != 0 }) else {
            throw CryptoFailure("ES256 signature has r or s equal to zero")
        }
        guard let signature = ECDSA_SIG_new() else {
            throw .openSSL("ECDSA_SIG_new")
        }
        defer { ECDSA_SIG_free(signature) }
        let length = Int32(componentLength)
        guard let rNumber = BN_bin2bn(r, length, nil) else {
            throw .openSSL("BN_bin2bn(r)")
        }
        guard let sNumber = BN_bin2bn(s, length, nil) else {
            BN_free(rNumber)
            throw .openSSL("BN_bin2bn(s)")
        }
        // On success ECDSA_SIG_set0 takes ownership of both numbers.
        guard ECDSA_SIG_set0(signature, rNumber, sNumber) == 1 else {
            BN_free(rNumber)
            BN_free(sNumber)
            throw .openSSL("ECDSA_SIG_set0")
        }
        let derLength = i2d_ECDSA_SIG(signature, nil)
        guard derLength > 0 else {
            throw .openSSL("i2d_ECDSA_SIG length")
        }
        var der = [UInt8](repeating: 0, count: Int(derLength))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(signature, &cursor)
        }
        guard written == derLength else {
            throw .openSSL("i2d_ECDSA_SIG")
        }
        return der
    }

    /// The 64-byte JWS form of the DER signature `der`: r then s, each left-padded to 32 bytes.
    static func raw(fromDER der: [UInt8]) throws(CryptoFailure) -> [UInt8] {
        var consumed = 0
        let parsed = der.withNonNilBytes { bytes, count -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = bytes
            let signature = d2i_ECDSA_SIG(nil, &cursor, count)
            if let cursor {
                consumed = cursor - bytes
            }
            return signature
        }
        guard let signature = parsed else {
            throw .openSSL("d2i_ECDSA_SIG")
        }
        defer { ECDSA_SIG_free(signature) }
        guard consumed == der.count else {
            throw CryptoFailure("ECDSA signature has \(der.count - consumed) bytes after its DER value")
        }
        var raw = [UInt8](repeating: 0, count: 2 * componentLength)
        let length = Int32(componentLength)
        let padded = raw.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return BN_bn2binpad(ECDSA_SIG_get0_r(signature), base, length) == length
                && BN_bn2binpad(ECDSA_SIG_get0_s(signature), base + componentLength, length) == length
        }
        guard padded else {
            throw CryptoFailure("ECDSA signature component is longer than \(componentLength) bytes")
        }
        return raw
    }
}
