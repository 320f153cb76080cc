/// What is sealed for one entry: its message and attributes.
///
/// Without attributes the payload is the message's UTF-8 bytes; with them (or when the message
/// begins with NUL) it is `0x00 | u32 length | message | u16 count | (u16 length | key | u32 length | value)*`,
/// keys sorted, lengths big-endian.
public struct EntryPayload: Sendable, Equatable {
    public let message: String
    public let attributes: [String: String]

    public init(message: String, attributes: [String: String] = [:]) {
        self.message = message
        self.attributes = attributes
    }

    public var bytes: [UInt8] {
        let message = Array(message.utf8)
        guard !attributes.isEmpty || message.first == 0 else { return message }
        var bytes: [UInt8] = [0]
        bytes.reserveCapacity(message.count + 7 + attributes.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        bytes.appendBigEndian(UInt64(message.count), width: 4)
        bytes += message
        bytes.appendBigEndian(UInt64(attributes.count), width: 2)
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
            bytes.appendBigEndian(UInt64(key.utf8.count), width: 2)
            bytes += key.utf8
            bytes.appendBigEndian(UInt64(value.utf8.count), width: 4)
            bytes += value.utf8
        }
        return bytes
    }

    /// Parses `bytes`; nil if they are not a payload this type wrote.
    public init?(bytes: [UInt8]) {
        guard bytes.first == 0 else {
            self.init(message: String(decoding: bytes, as: UTF8.self))
            return
        }
        var reader = ByteReader(bytes, offset: 1)
        guard let messageLength = reader.integer(width: 4), let message = reader.text(length: Int(messageLength)),
              let count = reader.integer(width: 2) else { return nil }
        var attributes: [String: String] = [:]
        for _ in 0..<count {
            guard let keyLength = reader.integer(width: 2), let key = reader.text(length: Int(keyLength)),
                  let valueLength = reader.integer(width: 4), let value = reader.text(length: Int(valueLength)) else { return nil }
            attributes[key] = value
        }
        guard reader.isAtEnd else { return nil }
        self.init(message: message, attributes: attributes)
    }
}
