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
    /// Arrays and maps inside an attribute value nest at most this deep.
    static let maxAttributeDepth = 8

    /// Checks every entry before anything is stored. With `allOrNothing` the first problem refuses the batch; with
    /// `validOnes` each invalid entry is left out and reported. The batch's count and total size are checked on
    /// the entries kept.
    func validate(_ entries: [SubmittedEntry], acceptance: IngestRequest.Acceptance,
                  now: Timestamp) throws(ServiceError) -> (valid: [ValidatedEntry], rejected: [RejectedEntry]) {
        guard !entries.isEmpty else { throw ServiceError.invalid("the batch holds no entries") }
        guard entries.count <= maxBatchEntries else {
            throw ServiceError(.payloadTooLarge,
                               "the batch holds \(entries.count) entries; the limit is \(maxBatchEntries) (max_batch_entries)")
        }
        var total = 0
        var ids = Set<String>()
        var valid: [ValidatedEntry] = []
        var rejected: [RejectedEntry] = []
        valid.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            // With `validOnes` the caller names each rejected entry itself.
            let field = entries.count == 1 || acceptance == .validOnes ? "" : "entries[\(index)]."
            do throws(ServiceError) {
                let (checked, size) = try validate(entry, field: field, now: now)
                if let id = entry.id {
                    guard ids.insert(id).inserted else { throw ServiceError.invalid("\(field)id is the id of an earlier entry of the batch") }
                }
                total += size
                valid.append(checked)
            } catch {
                guard acceptance == .validOnes else { throw error }
                rejected.append(RejectedEntry(index: index, error: error))
            }
        }
        guard total <= maxBatchMessageBytes else {
            throw ServiceError(.payloadTooLarge,
                               "the batch's messages and attributes total \(total) bytes; the limit is \(maxBatchMessageBytes) (max_batch_message_bytes)")
        }
        return (valid, rejected)
    }

    /// One entry, and the bytes of its message and attributes; `field` prefixes the name in an error.
    private func validate(_ entry: SubmittedEntry, field: String, now: Timestamp) throws(ServiceError) -> (ValidatedEntry, Int) {
        guard let severity = Severity(name: entry.severity) else {
            throw ServiceError.invalid("\(field)severity is not one of debug, info, warning, error, critical (or an alias)")
        }
        var payload = entry.payload
        let size = payload.message.utf8.count
        guard size > 0 else { throw ServiceError.invalid("\(field)message is empty") }
        guard size <= maxMessageBytes else {
            throw ServiceError(.payloadTooLarge, "\(field)message is \(size) bytes; the limit is \(maxMessageBytes) (max_message_bytes)")
        }
        var timestamp: Timestamp?
        if let text = entry.timestamp {
            guard let parsed = Timestamp.parse(rfc3339: text) else {
                throw ServiceError.invalid("\(field)timestamp is not an RFC 3339 date-time such as 2026-11-29T08:15:00Z")
            }
            timestamp = parsed.timestamp
            payload.nanoseconds = parsed.nanoseconds
        } else if let nanoseconds = entry.timeUnixNano {
            timestamp = Timestamp(microseconds: Int64.floorDivide(nanoseconds, 1000))
            payload.nanoseconds = Int(nanoseconds - Int64.floorDivide(nanoseconds, 1000) * 1000)
        }
        if let timestamp {
            guard timestamp.microseconds >= now.microseconds - Int64(maxTimestampAgeSeconds) * 1_000_000 else {
                throw ServiceError.invalid(
                    "\(field)timestamp is more than \(maxTimestampAgeSeconds) seconds in the past (max_timestamp_age_seconds)")
            }
            guard timestamp.microseconds <= now.microseconds + Int64(maxTimestampLeadSeconds) * 1_000_000 else {
                throw ServiceError.invalid(
                    "\(field)timestamp is more than \(maxTimestampLeadSeconds) seconds in the future (max_timestamp_lead_seconds)")
            }
        }
        var total = size
        total += try check(payload.attributes, at: "\(field)attributes", limit: maxAttributes, setting: "max_attributes")
        total += try check(payload.resource, at: "\(field)resource", limit: maxResourceAttributes, setting: "max_resource_attributes")
        if let scope = payload.scope {
            total += try check(scope.attributes, at: "\(field)scope.attributes", limit: maxResourceAttributes,
                               setting: "max_resource_attributes")
        }
        if let id = entry.id {
            guard ValidatedEntry.isValidID(id) else { throw ServiceError.invalid("\(field)id is not 1 to 128 of letters, digits and ._:-") }
        }
        return (ValidatedEntry(severity: severity, payload: payload, timestamp: timestamp, id: entry.id), total)
    }

    /// One attribute list: its count, every key (at every level) and each value's size and depth; its bytes.
    private func check(_ attributes: Attributes, at path: String, limit: Int, setting: String) throws(ServiceError) -> Int {
        guard attributes.count <= limit else {
            throw ServiceError(.payloadTooLarge, "\(path) has \(attributes.count) keys; the limit is \(limit) (\(setting))")
        }
        var total = 0
        for (key, value) in attributes {
            guard ValidatedEntry.isValidAttributeKey(key) else {
                throw ServiceError.invalid("\(path) has a key that is not 1 to 128 of letters, digits and _.:/-")
            }
            guard value.depth <= IngestSettings.maxAttributeDepth else {
                throw ServiceError.invalid("\(path).\(key) nests arrays and maps more than \(IngestSettings.maxAttributeDepth) deep")
            }
            let valueSize = value.size
            guard valueSize <= maxAttributeValueBytes else {
                throw ServiceError(.payloadTooLarge,
                                   "\(path).\(key) is \(valueSize) bytes; the limit is \(maxAttributeValueBytes) (max_attribute_value_bytes)")
            }
            try checkNestedKeys(value, at: "\(path).\(key)")
            total += key.utf8.count + valueSize
        }
        return total
    }

    /// The keys of every map inside `value`, by the same rule as top-level keys.
    private func checkNestedKeys(_ value: AnyValue, at path: String) throws(ServiceError) {
        switch value {
        case .map(let nested):
            for (key, element) in nested {
                guard ValidatedEntry.isValidAttributeKey(key) else {
                    throw ServiceError.invalid("\(path) has a key that is not 1 to 128 of letters, digits and _.:/-")
                }
                try checkNestedKeys(element, at: "\(path).\(key)")
            }
        case .array(let elements):
            for element in elements { try checkNestedKeys(element, at: path) }
        default: break
        }
    }
}
