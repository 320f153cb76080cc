import Model

/// A submitted entry that passed every check, with its severity parsed and its timestamp resolved.
struct ValidatedEntry {
    let severity: Severity
    let payload: EntryPayload
    /// The client's timestamp, if it sent one.
    let timestamp: Timestamp?
    /// The client's id, if it chose one.
    let id: String?

    /// An attribute key: 1 to 128 of letters, digits and `_.:/-`.
    static func isValidAttributeKey(_ key: String) -> Bool {
        let bytes = key.utf8
        return (1...128).contains(bytes.count) && bytes.allSatisfy { isIDByte($0) || $0 == UInt8(ascii: "/") }
    }

    /// A client id: 1 to 128 of letters, digits and `._:-`.
    static func isValidID(_ id: String) -> Bool {
        let bytes = id.utf8
        return (1...128).contains(bytes.count) && bytes.allSatisfy(isIDByte)
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "-"): true
        default: false
        }
    }
}

extension IngestSettings {
    /// Checks every entry before anything is stored; the first problem rejects the whole batch.
    func validate(_ entries: [SubmittedEntry], now: Timestamp) throws(ServiceError) -> [ValidatedEntry] {
        guard !entries.isEmpty else { throw ServiceError.invalid("the batch holds no entries") }
        guard entries.count <= maxBatchEntries else {
            throw ServiceError(.payloadTooLarge,
                               "the batch holds \(entries.count) entries; the limit is \(maxBatchEntries) (max_batch_entries)")
        }
        let earliest = now.microseconds - Int64(maxTimestampAgeSeconds) * 1_000_000
        let latest = now.microseconds + Int64(maxTimestampLeadSeconds) * 1_000_000
        var total = 0
        var ids = Set<String>()
        var validated: [ValidatedEntry] = []
        validated.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let field = entries.count == 1 ? "" : "entries[\(index)]."
            guard let severity = Severity(name: entry.severity) else {
                throw ServiceError.invalid("\(field)severity is not one of debug, info, warning, error, critical (or an alias)")
            }
            let size = entry.message.utf8.count
            guard size > 0 else { throw ServiceError.invalid("\(field)message is empty") }
            guard size <= maxMessageBytes else {
                throw ServiceError(.payloadTooLarge, "\(field)message is \(size) bytes; the limit is \(maxMessageBytes) (max_message_bytes)")
            }
            total += size
            var timestamp: Timestamp?
            if let text = entry.timestamp {
                guard let parsed = Timestamp(rfc3339: text) else {
                    throw ServiceError.invalid("\(field)timestamp is not an RFC 3339 date-time such as 2026-11-29T08:15:00Z")
                }
                guard parsed.microseconds >= earliest else {
                    throw ServiceError.invalid(
                        "\(field)timestamp is more than \(maxTimestampAgeSeconds) seconds in the past (max_timestamp_age_seconds)")
                }
                guard parsed.microseconds <= latest else {
                    throw ServiceError.invalid(
                        "\(field)timestamp is more than \(maxTimestampLeadSeconds) seconds in the future (max_timestamp_lead_seconds)")
                }
                timestamp = parsed
            }
            guard entry.attributes.count <= maxAttributes else {
                throw ServiceError(.payloadTooLarge,
                                   "\(field)attributes has \(entry.attributes.count) keys; the limit is \(maxAttributes) (max_attributes)")
            }
            for (key, value) in entry.attributes {
                guard ValidatedEntry.isValidAttributeKey(key) else {
                    throw ServiceError.invalid("\(field)attributes has a key that is not 1 to 128 of letters, digits and _.:/-")
                }
                let valueSize = value.utf8.count
                guard valueSize <= maxAttributeValueBytes else {
                    throw ServiceError(.payloadTooLarge,
                                       "\(field)attributes.\(key) is \(valueSize) bytes; the limit is \(maxAttributeValueBytes) (max_attribute_value_bytes)")
                }
                total += key.utf8.count + valueSize
            }
            if let id = entry.id {
                guard ValidatedEntry.isValidID(id) else {
                    throw ServiceError.invalid("\(field)id is not 1 to 128 of letters, digits and ._:-")
                }
                guard ids.insert(id).inserted else { throw ServiceError.invalid("\(field)id is the id of an earlier entry of the batch") }
            }
            validated.append(ValidatedEntry(severity: severity, payload: EntryPayload(message: entry.message, attributes: entry.attributes),
                                            timestamp: timestamp, id: entry.id))
        }
        guard total <= maxBatchMessageBytes else {
            throw ServiceError(.payloadTooLarge,
                               "the batch's messages and attributes total \(total) bytes; the limit is \(maxBatchMessageBytes) (max_batch_message_bytes)")
        }
        return validated
    }
}
