import CryptoPrimitives
import Model
import Synchronization

/// The local pool's RS256 signing keys, parsed once and re-read from the identity store when a
/// token names an unknown `kid` or the cache is older than `reloadInterval` (so a key rotated by
/// the admin CLI is picked up by a running server).
final class SigningKeyRing: Sendable {
    struct Key: Sendable {
        let kid: String
        let privateKey: RSAPrivateKey
        let retiredAt: Timestamp?
        var publicKey: RSAPublicKey { privateKey.publicKey }
    }

    private struct State {
        var keys: [Key] = []
        var loadedAt: ContinuousClock.Instant?
    }

    private let store: IdentityStore
    private let seal: any SigningKeySeal
    private let reloadInterval: Duration
    private let state = Mutex(State())

    init(store: IdentityStore, seal: any SigningKeySeal, reloadInterval: Duration = .seconds(30)) {
        self.store = store
        self.seal = seal
        self.reloadInterval = reloadInterval
    }

    /// The key new tokens are signed with.
    func current() async throws(ServiceError) -> Key {
        try await refreshIfStale()
        guard let key = state.withLock({ $0.keys.last { $0.retiredAt == nil } ?? $0.keys.last }) else {
            throw ServiceError.unavailable("the user pool has no signing key")
        }
        return key
    }

    /// The key named `kid`; an unknown kid re-reads the store, at most once a second (it is a
    /// local read, but forged kids must not turn every request into one).
    func key(kid: String) async -> Key? {
        if let key = state.withLock({ $0.keys.first { $0.kid == kid } }) { return key }
        try? await refreshIfOlder(than: .seconds(1))
        return state.withLock { $0.keys.first { $0.kid == kid } }
    }

    /// Every key that may still verify a token, as a JWK set.
    func jwks() async throws(ServiceError) -> JSONWebKeySet {
        try await refreshIfStale()
        return JSONWebKeySet(keys: state.withLock { $0.keys }.map { key in
            JSONWebKey(kid: key.kid, n: Base64URL.encode(key.publicKey.modulus), e: Base64URL.encode(key.publicKey.exponent))
        })
    }

    /// Re-reads the store now.
    func reload() async throws(ServiceError) {
        let records = try await store.signingKeys()
        let known = state.withLock { Dictionary($0.keys.map { ($0.kid, $0) }, uniquingKeysWith: { first, _ in first }) }
        var keys: [Key] = []
        for record in records {
            if let key = known[record.kid], key.retiredAt == record.retiredAt {
                keys.append(key)
                continue
            }
            let pem: [UInt8]
            do { pem = try await seal.open(record.sealedPrivateKey, kid: record.kid) } catch {
                throw ServiceError.unavailable("signing key \(record.kid) does not open under this data dir's master key or KMS key")
            }
            do {
                keys.append(Key(kid: record.kid, privateKey: try RSAPrivateKey(pem: String(decoding: pem, as: UTF8.self)),
                                retiredAt: record.retiredAt))
            } catch {
                throw ServiceError.unavailable("signing key \(record.kid) is unreadable")
            }
        }
        let now = ContinuousClock.now
        state.withLock {
            $0.keys = keys
            $0.loadedAt = now
        }
    }

    private func refreshIfStale() async throws(ServiceError) {
        try await refreshIfOlder(than: reloadInterval)
    }

    private func refreshIfOlder(than age: Duration) async throws(ServiceError) {
        let stale = state.withLock { state in
            guard let loadedAt = state.loadedAt else { return true }
            return ContinuousClock.now - loadedAt > age
        }
        if stale { try await reload() }
    }

    /// A new RS256 key, sealed; its `kid` is the RFC 7638 thumbprint.
    static func generate(now: Timestamp, sealedBy seal: any SigningKeySeal) async throws(ServiceError) -> SigningKeyRecord {
        let (kid, pem) = try await BlockingWork.run { () throws(ServiceError) in
            do {
                let key = try RSAPrivateKey(bits: 2048)
                return (thumbprint(key.publicKey), Array(try key.pemRepresentation().utf8))
            } catch {
                throw ServiceError.internalError("creating a signing key failed: \(error)")
            }
        }
        return SigningKeyRecord(kid: kid, sealedPrivateKey: try await seal.seal(pem, kid: kid), createdAt: now, retiredAt: nil)
    }

    /// The RFC 7638 JWK thumbprint, base64url.
    static func thumbprint(_ key: RSAPublicKey) -> String {
        let canonical = "{\"e\":\"\(Base64URL.encode(key.exponent))\",\"kty\":\"RSA\",\"n\":\"\(Base64URL.encode(key.modulus))\"}"
        return Base64URL.encode(SHA256.hash(Array(canonical.utf8)))
    }
}
