import CryptoPrimitives
import Model
import Synchronization

/// Tokens that already passed verification, keyed by their SHA-256, so a client reusing a token
/// costs one signature check, not one per request. Bounded; an entry never outlives its token's `exp`.
final class VerifiedTokenCache: Sendable {
    private struct Entry {
        let token: VerifiedToken
        let expiresAt: Double
    }

    private let capacity: Int
    private let entries = Mutex<[[UInt8]: Entry]>([:])

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func lookup(_ token: String, nowSeconds: Double) -> VerifiedToken? {
        let key = SHA256.hash(Array(token.utf8))
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard nowSeconds < entry.expiresAt else {
                entries[key] = nil
                return nil
            }
            return entry.token
        }
    }

    func store(_ token: String, _ verified: VerifiedToken, expiresAt: Double, nowSeconds: Double) {
        let key = SHA256.hash(Array(token.utf8))
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expiresAt > nowSeconds }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = Entry(token: verified, expiresAt: expiresAt)
        }
    }
}
