import CLibSSL

/// HMAC with SHA-256 (RFC 2104).
public enum HMACSHA256 {
    /// The 32-byte HMAC-SHA256 of `data` under `key`.
    public static func authenticationCode(key: [UInt8], data: [UInt8]) -> [UInt8] {
        // RFC 2104 replaces a key longer than the block by its hash, so this only avoids C int overflow.
        let effectiveKey = key.count > Int(Int32.max) ? SHA256.hash(key) : key
        var code = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = effectiveKey.withNonNilBytes { keyBytes, keyCount in
            data.withNonNilBytes { dataBytes, dataCount in
                HMAC(EVP_sha256(), keyBytes, Int32(keyCount), dataBytes, dataCount, &code, &length)
            }
        }
        precondition(result != nil && length == 32, CryptoFailure.openSSL("HMAC(SHA-256)").message)
        return Array(code.prefix(Int(length)))
    }
}
