import CryptoPrimitives
import Model
import Synchronization

/// This process's copy of the pool's API keys and their hash key, so that verifying a key costs a dictionary lookup
/// and one HMAC-SHA256, never a read of the store per request.
///
/// The first verification that finds the copy older than `refreshInterval` (1 second) reads what changed since
/// (creations and revocations, by version) while concurrent verifications use the previous copy; keys made or revoked
/// by this process are noted at once. So a key revoked by another process (the admin CLI) is refused here within
/// `refreshInterval` plus one read, 2 seconds at most. A key whose id the copy does not hold waits for a read that
/// started after it arrived, so a key another process just made works at its first use; such reads come at most once
/// per `unknownIDReadInterval`, so forged ids cannot turn every request into a read (past that rate they are refused
/// at once, without waiting).
public final class APIKeyring: Sendable {
    /// A key as verification needs it: its record and the principal it proves, made once.
    private struct Entry: Sendable {
        let record: APIKeyRecord
        let principal: Principal

        init(_ record: APIKeyRecord) {
            self.record = record
            principal = Principal(subject: "apikey:\(record.id)", tenant: record.tenant, roles: [record.role], grant: .apiKey)
        }
    }

    private struct State {
        var keys: [String: Entry] = [:]
        /// The store's change version the copy has read up to.
        var version: Int64 = 0
        /// The opened hash key, prepared; nil until a key exists and its hash key opened.
        var hashKey: HMACSHA256Key?
        /// When the last finished read started; nil before the first.
        var readAt: ContinuousClock.Instant?
        /// The read in progress, which a verification may wait for.
        var reading: Task<Void, Never>?
    }

    let store: any APIKeyStore
    private let seal: any SigningKeySeal
    private let refreshInterval: Duration
    private let state = Mutex(State())
    let lastUse: APIKeyLastUse

    /// The id the hash key is sealed under (its seal's context).
    static let hashKeyID = "api-key-hash-key-1"
    /// The least time between two reads made for unknown ids.
    static let unknownIDReadInterval: Duration = .milliseconds(50)
    /// What an unknown id's presented key is hashed under, so that it costs what a known one does.
    private static let decoyHashKey = HMACSHA256Key([UInt8](repeating: 0, count: 32))

    init(store: any APIKeyStore, seal: any SigningKeySeal, refreshInterval: Duration = .seconds(1),
         lastUseInterval: Duration = APIKeyLastUse.defaultInterval) {
        self.store = store
        self.seal = seal
        self.refreshInterval = refreshInterval
        self.lastUse = APIKeyLastUse(store: store, interval: lastUseInterval)
    }

    /// The principal `credential` (an `lsk_` key) proves: subject `apikey:<id>`, the key's tenant, exactly its role.
    /// Throws 401 `unauthenticated` for a malformed key, an unknown id, a wrong secret, a revoked or an expired key; the
    /// message names the key's id at most, never its secret. Notes the use for `last_used_at`.
    func verify(_ credential: String, now: Timestamp) async throws(ServiceError) -> Principal {
        let arrived = ContinuousClock.now
        guard let presented = APIKeyText(parsing: credential) else {
            throw TokenRejection.apiKeyMalformed.error(
                "the API key is malformed (an API key is lsk_, a 16-character id, _ and 43 base64url characters)")
        }
        await refreshIfStale()
        var (entry, hashKey) = state.withLock { ($0.keys[presented.id], $0.hashKey) }
        if entry == nil {
            await catchUp(since: arrived)
            (entry, hashKey) = state.withLock { ($0.keys[presented.id], $0.hashKey) }
        }
        let hash = (hashKey ?? APIKeyring.decoyHashKey).authenticationCode(Array(presented.text.utf8))
        guard let entry, hashKey != nil else { throw TokenRejection.apiKeyUnknown.error(APIKeyring.invalid) }
        let record = entry.record
        guard constantTimeEquals(hash, record.hash) else { throw TokenRejection.apiKeyWrongSecret.error(APIKeyring.invalid) }
        if record.revokedAt != nil { throw TokenRejection.apiKeyRevoked.error("the API key \(record.id) was revoked") }
        if let expiresAt = record.expiresAt, now >= expiresAt {
            throw TokenRejection.apiKeyExpired.error("the API key \(record.id) expired at \(expiresAt.rfc3339)")
        }
        lastUse.note(record.id, at: now)
        return entry.principal
    }

    private static let invalid = "the API key is not valid (unknown, or a wrong secret)"

    /// The HMAC-SHA256 of `key` as stored, under the pool's hash key, which the first key of the pool makes (random,
    /// sealed by the seal; a hash key another process stored first wins).
    func hash(_ key: APIKeyText) async throws(ServiceError) -> [UInt8] {
        try await hashKeyForCreation().authenticationCode(Array(key.text.utf8))
    }

    /// Notes a key this process just stored or revoked, so that it holds here at once.
    func note(_ record: APIKeyRecord) {
        state.withLock { APIKeyring.apply(record, to: &$0.keys) }
    }

    /// Reads what changed when the copy is older than `refreshInterval` (or was never read) and no read is running,
    /// and waits for that read; when one is running, or the copy is fresh, returns at once.
    func refreshIfStale() async {
        let now = ContinuousClock.now
        let reading = state.withLock { state -> Task<Void, Never>? in
            guard state.reading == nil else { return nil }
            if let readAt = state.readAt, now - readAt < refreshInterval { return nil }
            return startRead(&state, at: now)
        }
        await reading?.value
    }

    /// For an id the copy does not hold: waits until a read that started at `arrived` or later has finished, joining a
    /// read in progress, or starting one unless the last started less than `unknownIDReadInterval` ago.
    private func catchUp(since arrived: ContinuousClock.Instant) async {
        // Twice at most: a joined read may have started before `arrived`; the second round then reads anew.
        for _ in 0..<2 {
            let now = ContinuousClock.now
            let reading = state.withLock { state -> Task<Void, Never>? in
                if let reading = state.reading { return reading }
                guard let readAt = state.readAt else { return startRead(&state, at: now) }
                if readAt >= arrived || now - readAt < APIKeyring.unknownIDReadInterval { return nil }
                return startRead(&state, at: now)
            }
            guard let reading else { return }
            await reading.value
        }
    }

    /// Starts a read of what changed since the copy's version; the caller holds the lock and has checked none runs.
    private func startRead(_ state: inout State, at started: ContinuousClock.Instant) -> Task<Void, Never> {
        let (version, needsHashKey) = (state.version, state.hashKey == nil)
        let reading = Task { await self.read(after: version, needsHashKey: needsHashKey, started: started) }
        state.reading = reading
        return reading
    }

    /// One read into the copy. A failed read keeps the previous copy and is tried again after `refreshInterval`.
    private func read(after version: Int64, needsHashKey: Bool, started: ContinuousClock.Instant) async {
        let changes = try? await store.changes(after: version)
        var opened: HMACSHA256Key?
        if needsHashKey, changes.map({ !$0.keys.isEmpty }) ?? false || state.withLock({ !$0.keys.isEmpty }) {
            opened = try? await openStoredHashKey()
        }
        state.withLock { state in
            state.reading = nil
            state.readAt = started
            if let opened, state.hashKey == nil { state.hashKey = opened }
            guard let changes, changes.version >= state.version else { return }
            for record in changes.keys { APIKeyring.apply(record, to: &state.keys) }
            state.version = changes.version
        }
    }

    /// A revocation is final: a copy read before it never brings a revoked key back.
    private static func apply(_ record: APIKeyRecord, to keys: inout [String: Entry]) {
        if let known = keys[record.id], known.record.revokedAt != nil, record.revokedAt == nil { return }
        keys[record.id] = Entry(record)
    }

    /// The stored hash key, opened and prepared; nil when none is stored yet.
    private func openStoredHashKey() async throws(ServiceError) -> HMACSHA256Key? {
        guard let stored = try await store.sealedHashKey() else { return nil }
        return HMACSHA256Key(try await seal.openHashKey(stored.sealed, id: stored.id))
    }

    private func hashKeyForCreation() async throws(ServiceError) -> HMACSHA256Key {
        if let known = state.withLock({ $0.hashKey }) { return known }
        var key: [UInt8]
        if let stored = try await store.sealedHashKey() {
            key = try await seal.openHashKey(stored.sealed, id: stored.id)
        } else {
            do { key = try SecureRandom.bytes(32) } catch { throw ServiceError.internalError("no randomness") }
            let mine = SealedHashKey(id: APIKeyring.hashKeyID, sealed: try await seal.sealHashKey(key, id: APIKeyring.hashKeyID))
            let stored = try await store.storeHashKey(mine)
            if stored != mine { key = try await seal.openHashKey(stored.sealed, id: stored.id) }
        }
        let opened = HMACSHA256Key(key)
        return state.withLock { state in
            if state.hashKey == nil { state.hashKey = opened }
            return state.hashKey ?? opened
        }
    }
}
