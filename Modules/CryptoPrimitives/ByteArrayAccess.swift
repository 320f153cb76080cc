extension Array where Element == UInt8 {
    /// Calls `body` with a pointer to the bytes and their count; the pointer is non-nil even for an empty array.
    func withNonNilBytes<Result, Failure: Error>(
        _ body: (UnsafePointer<UInt8>, Int) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try withUnsafeBufferPointer { (buffer) throws(Failure) -> Result in
            if let base = buffer.baseAddress {
                return try body(base, buffer.count)
            }
            let placeholder: UInt8 = 0
            return try withUnsafePointer(to: placeholder) { (pointer) throws(Failure) -> Result in
                try body(pointer, 0)
            }
        }
    }
}

/// `count` as a C `int`, or a failure naming `what` when it does not fit.
func cInt(_ count: Int, _ what: String) throws(CryptoFailure) -> Int32 {
    guard let value = Int32(exactly: count) else {
        throw CryptoFailure("\(what) length \(count) is out of range for OpenSSL")
    }
    return value
}
