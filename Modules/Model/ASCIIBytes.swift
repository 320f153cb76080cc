extension UnsafeBufferPointer<UInt8> {
    /// Whether every byte is below 0x80, read eight at a time.
    public var isASCII: Bool {
        guard let base = baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= count {
            guard raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 else { return false }
            offset += 8
        }
        while offset < count {
            guard base[offset] < 0x80 else { return false }
            offset += 1
        }
        return true
    }
}
