import Model

/// The compact stored form of an outcome's keys: per key, an 8-byte timestamp, a 1-byte id length, the id.
enum EntryKeyList {
    static func encode(_ keys: [EntryKey]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(keys.count * 45)
        for key in keys {
            bytes.appendBigEndian(UInt64(bitPattern: key.timestamp.microseconds), width: 8)
            let id = Array(key.id.utf8.prefix(255))
            bytes.append(UInt8(id.count))
            bytes += id
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> [EntryKey]? {
        var reader = ByteReader(bytes)
        var keys: [EntryKey] = []
        while !reader.isAtEnd {
            guard let micros = reader.integer(width: 8), let length = reader.integer(width: 1),
                  let id = reader.text(length: Int(length)) else { return nil }
            keys.append(EntryKey(timestamp: Timestamp(microseconds: Int64(bitPattern: micros)), id: id))
        }
        return keys
    }
}
