import CryptoPrimitives
public import Logging
public import Model
import Synchronization

/// Data keys per tenant over a key management service: generated on demand, stored wrapped,
/// cached in memory within `DataKeyCacheSettings`, re-wrapped and crypto-shredded as operations of the keyring.
public final class TenantKeyring: Keyring {
    private let kms: any KeyManagementService
    private let store: any DataKeyStore
    private let cacheSettings: DataKeyCacheSettings
    private let logger: Logger
    private let state = Mutex(State())

    private struct Sealing {
        let key: DataKey
        let since: ContinuousClock.Instant
        var messages: Int
        var bytes: Int
    }

    private struct State {
        var sealing: [TenantID: Sealing] = [:]
        var opened: [String: (key: DataKey, lastUsed: ContinuousClock.Instant)] = [:]
        var indexKeys: [TenantID: IndexKey] = [:]
        var shredded: [String: Timestamp] = [:]
        var shreddedCheckedAt: ContinuousClock.Instant?
    }

    /// How often a running service looks for tenants shredded by the admin CLI.
    static let shredCheckInterval: Duration = .seconds(2)

    public init(kms: any KeyManagementService, store: any DataKeyStore, cacheSettings: DataKeyCacheSettings, logger: Logger) {
        self.kms = kms
        self.store = store
        self.cacheSettings = cacheSettings
        self.logger = logger
    }

    public func sealingKey(for tenant: TenantID, messages: Int, bytes: Int) async throws(ServiceError) -> DataKey {
        try await refreshShredded()
        let now = ContinuousClock.now
        let reused = state.withLock { state -> DataKey? in
            guard var current = state.sealing[tenant], now - current.since < .seconds(cacheSettings.maxAgeSeconds),
                  current.messages + messages <= cacheSettings.maxMessages, current.bytes + bytes <= cacheSettings.maxBytes else { return nil }
            current.messages += messages
            current.bytes += bytes
            state.sealing[tenant] = current
            return current.key
        }
        if let reused { return reused }
        let key = try await createDataKey(for: tenant)
        state.withLock { state in
            state.sealing[tenant] = Sealing(key: key, since: now, messages: messages, bytes: bytes)
            remember(key, in: &state, now: now)
        }
        return key
    }

    public func dataKey(id: String, tenant: TenantID) async throws(ServiceError) -> DataKey {
        try await refreshShredded()
        let now = ContinuousClock.now
        if let cached = state.withLock({ state -> DataKey? in
            guard let entry = state.opened[id] else { return nil }
            state.opened[id] = (entry.key, now)
            return entry.key
        }) {
            guard cached.tenant == tenant else { throw TenantKeyring.unknown }
            return cached
        }
        guard let record = try await store.record(id: id, tenant: tenant) else {
            if let shreddedAt = state.withLock({ $0.shredded[tenant.rawValue] }) {
                throw ServiceError(.keyDestroyed,
                                   "the tenant's data keys were destroyed on \(shreddedAt.rfc3339); this entry can never be read")
            }
            throw TenantKeyring.unknown
        }
        guard record.tenant == tenant.rawValue else { throw TenantKeyring.unknown }
        var plaintext = try await kms.decrypt(record.wrapped, context: TenantKeyring.context(tenant))
        defer { secureZero(&plaintext) }
        let key = try DataKey(id: id, tenant: tenant, createdAt: record.createdAt, material: plaintext)
        state.withLock { remember(key, in: &$0, now: now) }
        return key
    }

    public func indexKey(for tenant: TenantID) async throws(ServiceError) -> IndexKey {
        try await refreshShredded()
        if let cached = state.withLock({ $0.indexKeys[tenant] }) { return cached }
        let id = IndexKey.id(of: tenant)
        let context = TenantKeyring.indexContext(tenant)
        var record = try await store.record(id: id, tenant: tenant)
        if record == nil {
            let generated = try await kms.generateDataKey(context: context)
            let made = DataKeyRecord(id: id, tenant: tenant.rawValue, wrapped: generated.wrapped, createdAt: .now())
            do {
                try await store.insert(made)
                record = made
                logger.info("created a blind-index key", metadata: ["tenant": "\(tenant)"])
            } catch {
                // Another process made it first: theirs is the tenant's key.
                record = try await store.record(id: id, tenant: tenant)
                guard record != nil else { throw error }
            }
        }
        guard let record else { throw ServiceError.internalError("no index key") }
        var plaintext = try await kms.decrypt(record.wrapped, context: context)
        defer { secureZero(&plaintext) }
        let key = IndexKey(tenant: tenant, material: plaintext)
        return state.withLock { state in
            if let raced = state.indexKeys[tenant] { return raced }
            state.indexKeys[tenant] = key
            return key
        }
    }

    /// Re-wraps every stored data key under the KMS's current key-encryption key, without touching
    /// entries. Resumable: it only ever picks keys not yet under `currentKeyID`.
    public func rewrap(batchSize: Int = 100,
                       progress: (_ done: Int, _ remaining: Int) -> Void) async throws(ServiceError) -> Int {
        let currentKeyID = try await kms.currentKeyID()
        var done = 0
        while true {
            let batch = try await store.records(notWrappedUnder: currentKeyID, limit: batchSize)
            if batch.isEmpty { return done }
            for record in batch {
                guard let tenant = TenantID(record.tenant) else { continue }
                let context = record.id == IndexKey.id(of: tenant) ? TenantKeyring.indexContext(tenant) : TenantKeyring.context(tenant)
                let wrapped = try await kms.reEncrypt(record.wrapped, context: context)
                guard wrapped.keyEncryptionKeyID == currentKeyID else {
                    throw ServiceError.internalError("re-wrapping produced \(wrapped.keyEncryptionKeyID), not \(currentKeyID)")
                }
                try await store.replace(record, with: wrapped)
                done += 1
            }
            let remaining = (try await store.countsByKeyEncryptionKey()).filter { $0.key != currentKeyID }.values.reduce(0, +)
            progress(done, remaining)
        }
    }

    /// Destroys every data key of `tenant`: its stored entries can never be decrypted again.
    /// Other tenants are untouched. Returns how many keys were destroyed.
    public func shred(_ tenant: TenantID) async throws(ServiceError) -> Int {
        let time = Timestamp.now()
        let count = try await store.shred(tenant.rawValue, at: time)
        state.withLock { state in
            TenantKeyring.forget(tenant.rawValue, in: &state)
            state.shredded[tenant.rawValue] = time
        }
        logger.notice("crypto-shredded a tenant", metadata: ["tenant": "\(tenant)", "data_keys": "\(count)"])
        return count
    }

    static func context(_ tenant: TenantID) -> EncryptionContext { ["tenant": tenant.rawValue] }

    static func indexContext(_ tenant: TenantID) -> EncryptionContext { ["tenant": tenant.rawValue, "purpose": "blind-index"] }

    private static let unknown = ServiceError(.decryptionFailed, "the entry's data key is not in the keyring")

    private func createDataKey(for tenant: TenantID) async throws(ServiceError) -> DataKey {
        let generated = try await kms.generateDataKey(context: TenantKeyring.context(tenant))
        var plaintext = generated.plaintext
        defer { secureZero(&plaintext) }
        let id: String
        do { id = "dk_" + Base64URL.encode(try SecureRandom.bytes(12)) } catch { throw ServiceError.internalError("no randomness") }
        let now = Timestamp.now()
        try await store.insert(DataKeyRecord(id: id, tenant: tenant.rawValue, wrapped: generated.wrapped, createdAt: now))
        logger.info("created a data key", metadata: ["tenant": "\(tenant)", "key": "\(id)"])
        return try DataKey(id: id, tenant: tenant, createdAt: now, material: plaintext)
    }

    private func remember(_ key: DataKey, in state: inout State, now: ContinuousClock.Instant) {
        if state.opened.count >= cacheSettings.maxCachedKeys,
           let oldest = state.opened.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
            state.opened[oldest] = nil
        }
        state.opened[key.id] = (key, now)
    }

    /// Picks up tenants shredded by another process (the admin CLI) and drops their cached keys.
    private func refreshShredded() async throws(ServiceError) {
        let now = ContinuousClock.now
        let due = state.withLock { state -> Bool in
            guard let checked = state.shreddedCheckedAt, now - checked < TenantKeyring.shredCheckInterval else {
                state.shreddedCheckedAt = now
                return true
            }
            return false
        }
        guard due else { return }
        let shredded = try await store.shreddedTenants()
        state.withLock { state in
            for (tenant, at) in shredded where state.shredded[tenant] != at {
                TenantKeyring.forget(tenant, in: &state)
            }
            state.shredded = shredded
        }
    }

    /// Drops every cached key of `tenant` (each is zeroed as it is released).
    private static func forget(_ tenant: String, in state: inout State) {
        state.sealing = state.sealing.filter { $0.key.rawValue != tenant }
        state.indexKeys = state.indexKeys.filter { $0.key.rawValue != tenant }
        state.opened = state.opened.filter { $0.value.key.tenant.rawValue != tenant }
    }
}
