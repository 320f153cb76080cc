import CryptoPrimitives
import Model
import Storage

/// The opaque, tamper-evident `cursor` of a page: where the next page starts and the query's time (which
/// relative ranges count back from, so every page sees the same range), authenticated with HMAC-SHA256 and bound
/// to the tenant and the filters, so it can be neither forged nor replayed by another tenant or with other filters.
/// Cursors of the earlier form (`v2`, without the query's time) still read.
struct PageCursor {
    let key: [UInt8]

    func encode(_ position: EntryKey, now: Timestamp, tenant: TenantID, filter: EntryFilter) -> String {
        let payload = Array("v3:\(position.timestamp.microseconds):\(now.microseconds):\(position.id)".utf8)
        return Base64URL.encode(payload) + "." + Base64URL.encode(mac(payload, tenant: tenant, filter: filter))
    }

    func decode(_ text: String, tenant: TenantID, filter: EntryFilter) throws(ServiceError) -> (position: EntryKey, now: Timestamp?) {
        let invalid = ServiceError.invalid("the cursor is not one this service issued for this query")
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 512, parts.count == 2, let payload = Base64URL.decode(String(parts[0])),
              let tag = Base64URL.decode(String(parts[1])),
              constantTimeEquals(tag, mac(payload, tenant: tenant, filter: filter)),
              let plain = String(validating: payload, as: UTF8.self) else { throw invalid }
        if plain.hasPrefix("v2:") {
            let fields = plain.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let micros = Int64(fields[1]), !fields[2].isEmpty else { throw invalid }
            return (EntryKey(timestamp: Timestamp(microseconds: micros), id: String(fields[2])), nil)
        }
        let fields = plain.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count == 4, fields[0] == "v3", let micros = Int64(fields[1]), let now = Int64(fields[2]), !fields[3].isEmpty else {
            throw invalid
        }
        return (EntryKey(timestamp: Timestamp(microseconds: micros), id: String(fields[3])), Timestamp(microseconds: now))
    }

    private func mac(_ payload: [UInt8], tenant: TenantID, filter: EntryFilter) -> [UInt8] {
        var bound = payload + [0] + Array(tenant.rawValue.utf8) + [0]
        bound += Array("\(filter.minimumSeverity?.rawValue ?? 0)|\(filter.since?.microseconds ?? -1)|\(filter.until?.microseconds ?? -1)|".utf8)
        bound += Array((filter.text ?? "").utf8)
        if let query = filter.query { bound += [0] + Array(query.utf8) }
        return Array(HMACSHA256.authenticationCode(key: key, data: bound).prefix(16))
    }
}
