extension EntryPayload {
    /// Where in `bytes`, an encoded payload, the message `init(bytes:)` reads lies, found without decoding the rest:
    /// ranges such that the message, if the bytes decode to one, is the text of one of them (the UTF-8 of invalid
    /// bytes replaced, for the first encoding). Usually one range. Bytes that start with 0x01 are the third encoding,
    /// or else a message of the first encoding that earlier versions wrote; they get a second range, all of them,
    /// unless they are not valid UTF-8, as such a message was (and the third encoding's binary fields rarely are).
    public static func messageRanges(in bytes: [UInt8]) -> [Range<Int>] {
        switch bytes.first {
        case 0:
            return lengthPrefixedMessage(in: bytes).map { [$0] } ?? []
        case 1:
            let whole = String(validating: bytes, as: UTF8.self) == nil ? [] : [0..<bytes.count]
            return (lengthPrefixedMessage(in: bytes).map { [$0] } ?? []) + whole
        default:
            return [0..<bytes.count]
        }
    }

    /// The second and third encodings' message: `u32 length | UTF-8` after the first byte.
    private static func lengthPrefixedMessage(in bytes: [UInt8]) -> Range<Int>? {
        var reader = ByteReader(bytes, offset: 1)
        guard let length = reader.integer(width: 4), bytes.count - 5 >= Int(length) else { return nil }
        return 5..<5 + Int(length)
    }
}
