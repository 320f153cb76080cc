import AWS
import Foundation
import Model

/// The layout of the log table: one table, string `pk` and `sk`, every kind of item told apart by its
/// partition key (tenant ids never contain `#`).
///
/// | item | pk | sk | attributes |
/// |---|---|---|---|
/// | entry | `TENANT#n` (n in 0..<shards) | 16 hex digits of the timestamp (µs), `#`, id | `sev`, `ts`, `msg` (sealed), `b`?, `exp`? |
/// | batch commit | `TENANT#batch#BATCH` | `commit` | `parts`, `exp`? |
/// | answer part | `TENANT#batch#BATCH` | `keys#i` | `keys` |
/// | client id | `TENANT#id#ID` | `claim` | `b`, `fp`, `ts`, `made`, `exp`? |
/// | idempotency key | `TENANT#key#KEY` | `claim` | `b`, `fp`, `until`, `made`, `exp` |
/// | index token | `TENANT#tok#TOKEN#n` (32 hex digits; n: the entry's shard) | the entry's sk | `sev`, `exp`? |
/// | index watermark | `#index` | `TENANT#FIELD` | `since` (µs) |
///
/// An entry with `b` belongs to a batch of several items and is visible only once that batch's commit item exists.
/// An index token points at its entry (same shard, same sk), which a read by token then gets; a token whose entry
/// is missing or not yet visible is skipped.
enum LogTable {
    static let ttlAttribute = "exp"

    static func entryPartition(_ tenant: TenantID, shard: Int) -> String { "\(tenant.rawValue)#\(shard)" }

    static func tokenPartition(_ tenant: TenantID, token: IndexToken, shard: Int) -> String {
        "\(tenant.rawValue)#tok#\(Hex.encode(token.bytes))#\(shard)"
    }

    /// The partition of every index watermark (one small item per tenant and indexed field).
    static let watermarkPartition = "#index"

    static func watermarkKey(_ tenant: TenantID, field: String) -> AttributeValue.Item {
        key(watermarkPartition, "\(tenant.rawValue)#\(field)")
    }

    /// The write shard of an entry: a hash of its id, so a busy tenant's writes spread evenly.
    static func shard(of id: String, shards: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(max(1, shards)))
    }

    /// `timestamp#id`, ordered as `EntryKey` is: the timestamp in 16 hex digits (sign bit flipped), then the id.
    static func sortKey(_ key: EntryKey) -> String { timestampPrefix(key.timestamp) + "#" + key.id }

    /// The sort-key prefix of every entry at `timestamp`.
    static func timestampPrefix(_ timestamp: Timestamp) -> String {
        let ordered = UInt64(bitPattern: timestamp.microseconds) ^ (1 << 63)
        let hex = String(ordered, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The largest sort key of an entry at `timestamp` (ids use only bytes below `~`).
    static func lastSortKey(at timestamp: Timestamp) -> String { timestampPrefix(timestamp) + "#~" }

    static func entryKey(sortKey: String) -> EntryKey? {
        let bytes = Array(sortKey.utf8)
        guard bytes.count > 17, bytes[16] == UInt8(ascii: "#"),
              let ordered = UInt64(String(decoding: bytes[0..<16], as: UTF8.self), radix: 16) else { return nil }
        return EntryKey(timestamp: Timestamp(microseconds: Int64(bitPattern: ordered ^ (1 << 63))),
                        id: String(decoding: bytes[17...], as: UTF8.self))
    }

    static func key(_ pk: String, _ sk: String) -> AttributeValue.Item { ["pk": .string(pk), "sk": .string(sk)] }

    static func commitKey(_ tenant: TenantID, batch: String) -> AttributeValue.Item {
        key("\(tenant.rawValue)#batch#\(batch)", "commit")
    }

    static func partKey(_ tenant: TenantID, batch: String, part: Int) -> AttributeValue.Item {
        key("\(tenant.rawValue)#batch#\(batch)", "keys#\(part)")
    }

    static func idClaimKey(_ tenant: TenantID, id: String) -> AttributeValue.Item { key("\(tenant.rawValue)#id#\(id)", "claim") }

    static func keyClaimKey(_ tenant: TenantID, key claim: String) -> AttributeValue.Item {
        key("\(tenant.rawValue)#key#\(claim)", "claim")
    }

    /// The entry item; `batch` is set when the entry is one of several items written together.
    static func entryItem(_ entry: StoredEntry, shards: Int, batch: String?, expiresAt: Int64?) -> AttributeValue.Item {
        var item = key(entryPartition(entry.tenant, shard: shard(of: entry.key.id, shards: shards)), sortKey(entry.key))
        item["sev"] = .integer(Int64(entry.severity.rawValue))
        item["ts"] = .integer(entry.key.timestamp.microseconds)
        item["msg"] = .binary(Data(entry.sealed.bytes))
        if let batch { item["b"] = .string(batch) }
        if let expiresAt { item[ttlAttribute] = .integer(expiresAt) }
        return item
    }

    /// The index token items of an entry, one per token, in its shard.
    static func tokenItems(_ entry: StoredEntry, shards: Int, expiresAt: Int64?) -> [AttributeValue.Item] {
        entry.tokens.map { token in
            var item = key(tokenPartition(entry.tenant, token: token, shard: shard(of: entry.key.id, shards: shards)), sortKey(entry.key))
            item["sev"] = .integer(Int64(entry.severity.rawValue))
            if let expiresAt { item[ttlAttribute] = .integer(expiresAt) }
            return item
        }
    }

    /// The key of the entry a token item points at.
    static func entryKey(ofToken item: AttributeValue.Item, tenant: TenantID, shards: Int) -> AttributeValue.Item? {
        guard let sortKey = item["sk"]?.stringValue, let entry = entryKey(sortKey: sortKey) else { return nil }
        return key(entryPartition(tenant, shard: shard(of: entry.id, shards: shards)), sortKey)
    }

    /// The stored entry of an entry item, and its batch when it has one; nil for a damaged item.
    static func entry(_ item: AttributeValue.Item, tenant: TenantID) -> (entry: StoredEntry, batch: String?)? {
        guard let sortKey = item["sk"]?.stringValue, let key = entryKey(sortKey: sortKey),
              let level = item["sev"]?.integerValue, let severity = Severity(rawValue: Int(level)),
              let sealed = item["msg"]?.binaryValue else { return nil }
        return (StoredEntry(tenant: tenant, key: key, severity: severity, sealed: SealedMessage(bytes: [UInt8](sealed))),
                item["b"]?.stringValue)
    }
}
