import CLibSSL

/// The big-endian bytes, without leading zeros, of the RSA parameter `name` (e.g. "n" or "e") of `key`.
func rsaParameter(_ name: UnsafePointer<CChar>, of key: OpaquePointer) throws(CryptoFailure) -> [UInt8] {
    var number: OpaquePointer?
    guard EVP_PKEY_get_bn_param(key, name, &number) == 1, let number else {
        throw .openSSL("EVP_PKEY_get_bn_param(\(String(cString: name)))")
    }
    defer { BN_free(number) }
    var bytes = [UInt8](repeating: 0, count: (Int(BN_num_bits(number)) + 7) / 8)
    if !bytes.isEmpty {
        guard Int(BN_bn2bin(number, &bytes)) == bytes.count else {
            throw .openSSL("BN_bn2bin(\(String(cString: name)))")
        }
    }
    return bytes
}
