import CryptoPrimitives
import Model
import Synchronization

/// The local pool's RS256 signing keys, parsed (and opened from their seal) once, in a copy re-read from the identity
/// store by the first use that finds it older than `reloadInterval` (1 second), so that a key rotated or revoked by
/// another process (the admin CLI) signs, or stops verifying, here within 2 seconds. One read runs at a time: a use
/// that finds the copy merely stale keeps using it meanwhile; a use that needs the read (the first, or a token naming
/// an unknown `kid`) waits for it.
final class SigningKeyring: Sendable {
    struct Key: Sendable {
        let kid: String
        let privateKey: RSAPrivateKey
        /// When a rotation replaced it; nil while it signs.
        let retiredAt: Timestamp?
        var publicKey: RSAPublicKey { privateKey.publicKey }

        /// Whether it verifies a token issued at `issuedAt` (`iat`, seconds since the epoch): any while it signs, once
        /// retired only those issued up to `SigningKeyring.retirementGraceSeconds` after its retirement.
        func verifies(issuedAt: Double) -> Bool {
            guard let retiredAt else { return true }
            return issuedAt <= Double(retiredAt.microseconds) / 1_000_000 + Double(SigningKeyring.retirementGraceSeconds)
        }
    }

    /// Seconds after a key's retirement during which another process may still sign with it (its copy is at most one
    /// reload interval plus one read old).
    static let retirementGraceSeconds = 2

    private struct State {
        var keys: [Key] = []
        /// When the copy was last read (or a read failed); nil before the first read.
        var loadedAt: ContinuousClock.Instant?
        /// The read in progress; its value is the error it met.
        var reading: Task<ServiceError?, Never>?
    }

    private let store: IdentityStore
    private let seal: any SigningKeySeal
    private let reloadInterval: Duration
    private let state = Mutex(State())

    init(store: IdentityStore, seal: any SigningKeySeal, reloadInterval: Duration = .seconds(1)) {
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

    /// The key named `kid`, nil when there is none (never was, expired, or revoked). An unknown kid waits for a read of
    /// the store, at most one a second (it is a local read, but forged kids must not turn every request into one).
    func key(kid: String) async -> Key? {
        try? await refreshIfStale()
        if let key = state.withLock({ $0.keys.first { $0.kid == kid } }) { return key }
        try? await refresh(olderThan: .seconds(1), waiting: true)
        return state.withLock { $0.keys.first { $0.kid == kid } }
    }

    /// Every key that may still verify a token, as a JWK set.
    func jwks() async throws(ServiceError) -> JSONWebKeySet {
        try await refreshIfStale()
        return JSONWebKeySet(keys: state.withLock { $0.keys }.map { key in
            JSONWebKey(kid: key.kid, n: Base64URL.encode(key.publicKey.modulus), e: Base64URL.encode(key.publicKey.exponent))
        })
    }

    /// Re-reads the store now, after any read already in progress (which may predate a change this process just made).
    func reload() async throws(ServiceError) {
        while true {
            let (reading, started) = startOrJoinRead()
            let failure = await reading.value
            guard started else { continue }
            if let failure { throw failure }
            return
        }
    }

    private func refreshIfStale() async throws(ServiceError) {
        try await refresh(olderThan: reloadInterval, waiting: false)
    }

    /// Reads the store when the copy is older than `age`; waits for the read when `waiting` or when there is no copy
    /// yet, else leaves a read another use started to finish on its own.
    private func refresh(olderThan age: Duration, waiting: Bool) async throws(ServiceError) {
        let now = ContinuousClock.now
        let (stale, loaded, running) = state.withLock { state in
            (state.loadedAt.map { now - $0 > age } ?? true, state.loadedAt != nil, state.reading)
        }
        guard stale else { return }
        if running != nil, loaded, !waiting { return }
        let (reading, _) = startOrJoinRead()
        if let failure = await reading.value { throw failure }
    }

    /// The read in progress, or a new one (then `started`).
    private func startOrJoinRead() -> (reading: Task<ServiceError?, Never>, started: Bool) {
        state.withLock { state in
            if let reading = state.reading { return (reading, false) }
            let reading = Task { await self.read() }
            state.reading = reading
            return (reading, true)
        }
    }

    /// One read of the store into the copy; a failure keeps the previous copy and is tried again after `reloadInterval`.
    private func read() async -> ServiceError? {
        let started = ContinuousClock.now
        let keys: [Key]?
        let failure: ServiceError?
        do throws(ServiceError) {
            keys = try await readKeys()
            failure = nil
        } catch {
            keys = nil
            failure = error
        }
        state.withLock { state in
            state.reading = nil
            if let keys {
                state.keys = keys
                state.loadedAt = started
            } else if !state.keys.isEmpty {
                state.loadedAt = started
            }
        }
        return failure
    }

    /// The stored keys, reusing those already opened: only a key new to this process is opened from its seal.
    private func readKeys() async throws(ServiceError) -> [Key] {
        let records = try await store.signingKeys()
        let known = state.withLock { Dictionary($0.keys.map { ($0.kid, $0) }, uniquingKeysWith: { first, _ in first }) }
        var keys: [Key] = []
        for record in records {
            if let key = known[record.kid] {
                keys.append(Key(kid: key.kid, privateKey: key.privateKey, retiredAt: record.retiredAt))
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
        return keys
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
