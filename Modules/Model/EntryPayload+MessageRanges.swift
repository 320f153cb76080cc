extension EntryPayload {
    /// Where in `bytes`, an encoded payload, the message `init(bytes:)` reads lies, found without decoding the rest:
    /// ranges such that the message, if the bytes decode to one, is the text of one of them (the UTF-8 of invalid
    /// bytes replaced, for the first encoding). Usually one range. Bytes that start with 0x01 are the third encoding,
    /// or else a message of the first encoding that earlier versions wrote; they get a second range, all of them,
    /// unless they are not valid UTF-8, as such a message was (and the third encoding's binary fields rarely are).
    public static func messageRanges(in bytes: [UInt8]) -> MessageRanges {
        switch bytes.first {
        case 0:
            return MessageRanges(lengthPrefixedMessage(in: bytes), nil)
        case 1:
            let valid = bytes.withUnsafeBufferPointer(\.isASCII) || String(validating: bytes, as: UTF8.self) != nil
            return MessageRanges(lengthPrefixedMessage(in: bytes), valid ? 0..<bytes.count : nil)
        default:
            return MessageRanges(0..<bytes.count, nil)
        }
    }

    /// The second and third encodings' message: `u32 length | UTF-8` after the first byte.
    private static func lengthPrefixedMessage(in bytes: [UInt8]) -> Range<Int>? {
        guard bytes.count >= 5 else { return nil }
        let length = bytes[1...4].reduce(0) { $0 << 8 | Int($1) }
        return bytes.count - 5 >= length ? 5..<5 + length : nil
    }
}

/// The at most two ranges of `EntryPayload.messageRanges`, held without an allocation: that runs for every entry a
/// text search decrypts.
public struct MessageRanges: Sequence, IteratorProtocol {
    private var first: Range<Int>?
    private var second: Range<Int>?

    init(_ first: Range<Int>?, _ second: Range<Int>?) {
        (self.first, self.second) = first == nil ? (second, nil) : (first, second)
    }

    public var isEmpty: Bool { first == nil }

    public mutating func next() -> Range<Int>? {
        defer { (first, second) = (second, nil) }
        return first
    }
}
