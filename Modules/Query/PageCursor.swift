import CryptoPrimitives
import Model
import Storage

/// The opaque, tamper-evident `cursor` of a page: where the next page starts, the query's time (which relative
/// ranges count back from, so every page sees the same range) and how many entries the earlier pages answered
/// (for `| limit`), authenticated with HMAC-SHA256 and bound to the tenant and the filters, so it can be neither
/// forged nor replayed by another tenant or with other filters. Cursors of the earlier forms (`v2`, without the
/// query's time; `v3`, without the count) still read. A position's id is empty where a count by the store stopped:
/// the next call reads what is older than its time.
struct PageCursor {
    let key: [UInt8]

    /// Where a page starts.
    struct Position {
        let key: EntryKey
        let now: Timestamp?
        /// Entries the earlier pages answered.
        let answered: Int
    }

    func encode(_ position: EntryKey, now: Timestamp, answered: Int, tenant: TenantID, filter: EntryFilter) -> String {
        let payload = Array("v4:\(position.timestamp.microseconds):\(now.microseconds):\(answered):\(position.id)".utf8)
        return Base64URL.encode(payload) + "." + Base64URL.encode(mac(payload, tenant: tenant, filter: filter))
    }

    func decode(_ text: String, tenant: TenantID, filter: EntryFilter) throws(ServiceError) -> Position {
        let invalid = ServiceError.invalid("the cursor is not one this service issued for this query")
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 512, parts.count == 2, let payload = Base64URL.decode(String(parts[0])),
              let tag = Base64URL.decode(String(parts[1])),
              constantTimeEquals(tag, mac(payload, tenant: tenant, filter: filter)),
              let plain = String(validating: payload, as: UTF8.self) else { throw invalid }
        if plain.hasPrefix("v2:") {
            let fields = plain.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let micros = Int64(fields[1]), !fields[2].isEmpty else { throw invalid }
            return Position(key: EntryKey(timestamp: Timestamp(microseconds: micros), id: String(fields[2])), now: nil, answered: 0)
        }
        let version = plain.prefix(2)
        let count = version == "v4" ? 5 : 4
        let fields = plain.split(separator: ":", maxSplits: count - 1, omittingEmptySubsequences: false)
        guard fields.count == count, version == "v3" || version == "v4", let micros = Int64(fields[1]), let now = Int64(fields[2]),
              let id = fields.last else {
            throw invalid
        }
        var answered = 0
        if count == 5 {
            guard let number = Int(fields[3]), number >= 0 else { throw invalid }
            answered = number
        }
        return Position(key: EntryKey(timestamp: Timestamp(microseconds: micros), id: String(id)), now: Timestamp(microseconds: now),
                        answered: answered)
    }

    private func mac(_ payload: [UInt8], tenant: TenantID, filter: EntryFilter) -> [UInt8] {
        var bound = payload + [0] + Array(tenant.rawValue.utf8) + [0]
        bound += Array("\(filter.minimumSeverity?.rawValue ?? 0)|\(filter.since?.microseconds ?? -1)|\(filter.until?.microseconds ?? -1)|".utf8)
        bound += Array((filter.text ?? "").utf8)
        if let query = filter.query { bound += [0] + Array(query.utf8) }
        return Array(HMACSHA256.authenticationCode(key: key, data: bound).prefix(16))
    }
}
