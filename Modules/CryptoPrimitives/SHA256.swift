import CLibSSL

/// The SHA-256 hash function.
public enum SHA256 {
    /// The 32-byte SHA-256 digest of `data`.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = data.withNonNilBytes { bytes, count in
            EVP_Digest(bytes, count, &digest, &length, EVP_sha256(), nil)
        }
        precondition(status == 1 && length == 32, CryptoFailure.openSSL("EVP_Digest(SHA-256)").message)
        return Array(digest.prefix(Int(length)))
    }
}
