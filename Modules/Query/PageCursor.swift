import CryptoPrimitives
import Model
import Storage

/// The opaque `cursor` of a page: where the next page starts.
enum PageCursor {
    static func encode(_ key: EntryKey) -> String {
        Base64URL.encode(Array("v1:\(key.timestamp.microseconds):\(key.id)".utf8))
    }

    static func decode(_ text: String) throws(ServiceError) -> EntryKey {
        let invalid = ServiceError.invalid("the cursor is not one this service issued")
        guard text.utf8.count <= 256, let bytes = Base64URL.decode(text),
              let plain = String(validating: bytes, as: UTF8.self) else { throw invalid }
        let parts = plain.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let micros = Int64(parts[1]), !parts[2].isEmpty else { throw invalid }
        return EntryKey(timestamp: Timestamp(microseconds: micros), id: String(parts[2]))
    }
}
