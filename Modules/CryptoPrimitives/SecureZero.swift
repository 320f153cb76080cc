import CLibSSL

/// Overwrites the bytes with zeros in a way the optimiser keeps (OPENSSL_cleanse).
/// Only this array's storage is wiped: copies that shared it before the call keep their contents.
public func secureZero(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        guard let base = buffer.baseAddress else { return }
        OPENSSL_cleanse(base, buffer.count)
    }
}
