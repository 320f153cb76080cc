public import AWS
import Foundation
import Model
import Storage

/// The AWS shape's `APIKeyStore`: API keys in the DynamoDB log table, shared by every function and the admin CLI.
/// Tenant ids never contain `#`, so these partitions are no tenant's:
///
/// | item | pk | sk | attributes |
/// |---|---|---|---|
/// | key | `#apikeys` | `key#ID` | `id`, `tenant`, `role`, `name`, `hash`, `created`, `expires`?, `revoked`?, `last_used`?, `version` |
/// | change counter | `#apikeys` | `version` | `v`: the latest change's version |
/// | hash key | `#apikeys` | `hash-key` | `id`, `sealed` (by the KMS key), `created` |
/// | change | `#apikeys#changes` | the version, 20 digits | the key as that change left it |
///
/// Each creation and revocation is one TransactWriteItems: the counter moves from the version read to the next one
/// (conditioned on it, so two changes never take the same version and they commit in version order), the key item
/// is written and the change item added. A reader follows the change items after its version: one Query, about one
/// read capacity unit when nothing changed. Creating counts the tenant's keys in force before the transaction; as the
/// transaction requires the counter unchanged since, no other key was made in between, so the limit holds across
/// processes. A transaction that loses a race is tried again after a short random pause, for up to `changeBudget`.
struct DynamoDBAPIKeyStore: APIKeyStore {
    let client: DynamoDBClient
    /// How long a change that keeps losing races to other changes is tried again before it gives up (503).
    var changeBudget: Duration = .seconds(5)

    static let partition = "#apikeys"
    static let changesPartition = "#apikeys#changes"

    func sealedHashKey() async throws(ServiceError) -> SealedHashKey? {
        try await attempt { () throws(DynamoDBError) in
            try await client.getItem(DynamoDBAPIKeyStore.itemKey(DynamoDBAPIKeyStore.partition, "hash-key")).flatMap(DynamoDBAPIKeyStore.hashKey)
        }
    }

    func storeHashKey(_ key: SealedHashKey) async throws(ServiceError) -> SealedHashKey {
        var item = DynamoDBAPIKeyStore.itemKey(DynamoDBAPIKeyStore.partition, "hash-key")
        item["id"] = .string(key.id)
        item["sealed"] = .binary(Data(key.sealed))
        item["created"] = .integer(Timestamp.now().microseconds)
        do {
            try await client.putItem(item, condition: Condition("attribute_not_exists(pk)"))
            return key
        } catch {
            guard case .conditionFailed = error else { throw unavailable(error) }
        }
        guard let stored = try await sealedHashKey() else { throw .unavailable("the API-key hash key vanished from the table") }
        return stored
    }

    func insert(_ key: APIKeyRecord, activeLimit: Int) async throws(ServiceError) {
        _ = try await change { () throws(ServiceError) -> [TransactWrite]? in
            let active = try await records(tenant: key.tenant).filter { record in
                record.revokedAt == nil && record.expiresAt.map { $0 > key.createdAt } ?? true
            }
            guard active.count < activeLimit else {
                throw ServiceError(.conflict, "the tenant \(key.tenant) has \(activeLimit) API keys in force, the most it may have: revoke one first")
            }
            return []
        } record: { version in
            var created = key
            created.version = version
            return created
        } writes: { created in
            [.put(DynamoDBAPIKeyStore.item(created), condition: Condition("attribute_not_exists(pk)"))]
        }
    }

    func changes(after version: Int64) async throws(ServiceError) -> (keys: [APIKeyRecord], version: Int64) {
        let items = try await items(Condition("#pk = :pk AND #sk > :after", names: ["#pk": "pk", "#sk": "sk"],
                                              values: [":pk": .string(DynamoDBAPIKeyStore.changesPartition),
                                                       ":after": .string(DynamoDBAPIKeyStore.sortKey(version))]))
        let records = items.compactMap(DynamoDBAPIKeyStore.record)
        return (records, records.last?.version ?? version)
    }

    func keys(of tenant: TenantID?) async throws(ServiceError) -> [APIKeyRecord] {
        try await records(tenant: tenant).filter { $0.revokedAt == nil }.sorted {
            ($0.tenant.rawValue, $0.createdAt, $0.id) < ($1.tenant.rawValue, $1.createdAt, $1.id)
        }
    }

    func revoke(_ id: String, of tenant: TenantID?, at now: Timestamp) async throws(ServiceError) -> APIKeyRecord? {
        var revoked: APIKeyRecord?
        return try await change { () throws(ServiceError) -> [TransactWrite]? in
            let key = try await attempt { () throws(DynamoDBError) in
                try await client.getItem(DynamoDBAPIKeyStore.key(id)).flatMap(DynamoDBAPIKeyStore.record)
            }
            guard let key, key.revokedAt == nil, tenant.map({ $0 == key.tenant }) ?? true else { return nil }
            revoked = key
            return []
        } record: { version in
            guard let key = revoked else { return nil }
            return APIKeyRecord(id: key.id, hash: key.hash, tenant: key.tenant, role: key.role, name: key.name,
                                createdAt: key.createdAt, expiresAt: key.expiresAt, revokedAt: now, lastUsedAt: key.lastUsedAt,
                                version: version)
        } writes: { record in
            [.update(key: DynamoDBAPIKeyStore.key(id), update: Condition("SET #r = :r, #v = :v", names: ["#r": "revoked", "#v": "version"],
                                                                          values: [":r": .integer(now.microseconds), ":v": .integer(record.version)]),
                     condition: Condition("attribute_exists(pk) AND attribute_not_exists(#r)", names: ["#r": "revoked"]))]
        }
    }

    func recordLastUse(_ times: [String: Timestamp]) async throws(ServiceError) {
        for (id, time) in times {
            do {
                try await client.updateItem(
                    DynamoDBAPIKeyStore.key(id), update: Condition("SET #u = :t", names: ["#u": "last_used"], values: [":t": .integer(time.microseconds)]),
                    condition: Condition("attribute_exists(pk) AND (attribute_not_exists(#u) OR #u < :t)", names: ["#u": "last_used"],
                                         values: [":t": .integer(time.microseconds)]))
            } catch {
                guard case .conditionFailed = error else { throw unavailable(error) }
            }
        }
    }

    // MARK: - Changes

    /// One versioned change, tried again from the start when another change took its version first. `prepare` reads
    /// what it needs and returns the writes that do not depend on the version (nil: nothing to change); `record`
    /// makes the key as the change leaves it at `version`; `writes` adds the writes that name the version. Returns
    /// that key, or nil when there was nothing to change.
    private func change(_ prepare: () async throws(ServiceError) -> [TransactWrite]?,
                        record: (Int64) -> APIKeyRecord?,
                        writes: (APIKeyRecord) -> [TransactWrite]) async throws(ServiceError) -> APIKeyRecord? {
        let deadline = ContinuousClock.now + changeBudget
        var attempt = 0
        while ContinuousClock.now < deadline {
            attempt += 1
            let current = try await version()
            guard let prepared = try await prepare(), let changed = record(current + 1) else { return nil }
            var change = DynamoDBAPIKeyStore.item(changed)
            change["pk"] = .string(DynamoDBAPIKeyStore.changesPartition)
            change["sk"] = .string(DynamoDBAPIKeyStore.sortKey(changed.version))
            let counter: TransactWrite = .update(
                key: DynamoDBAPIKeyStore.itemKey(DynamoDBAPIKeyStore.partition, "version"),
                update: Condition("SET #v = :next", names: ["#v": "v"], values: [":next": .integer(changed.version)]),
                condition: current == 0 ? Condition("attribute_not_exists(#v)", names: ["#v": "v"])
                    : Condition("#v = :current", names: ["#v": "v"], values: [":current": .integer(current)]))
            do {
                try await client.transactWrite([counter] + prepared + writes(changed) + [.put(change, condition: nil)])
                return changed
            } catch {
                guard case .conditionFailed = error else { throw unavailable(error) }
                // Full jitter, growing to at most 200 ms: racing changes spread out instead of colliding again.
                try? await Task.sleep(for: .milliseconds(Int.random(in: 1...min(200, 10 << min(attempt, 5)))))
            }
        }
        throw ServiceError(.unavailable, "too many API-key changes at once: try again", retryAfter: 1)
    }

    private func version() async throws(ServiceError) -> Int64 {
        try await attempt { () throws(DynamoDBError) in
            try await client.getItem(DynamoDBAPIKeyStore.itemKey(DynamoDBAPIKeyStore.partition, "version"))?["v"]?.integerValue ?? 0
        }
    }

    /// Every key item, revoked ones too, of `tenant` (nil: of every tenant).
    private func records(tenant: TenantID?) async throws(ServiceError) -> [APIKeyRecord] {
        let keys = Condition("#pk = :pk AND begins_with(#sk, :key)", names: ["#pk": "pk", "#sk": "sk"],
                             values: [":pk": .string(DynamoDBAPIKeyStore.partition), ":key": .string("key#")])
        let filter = tenant.map { Condition("#t = :t", names: ["#t": "tenant"], values: [":t": .string($0.rawValue)]) }
        return try await items(keys, filter: filter).compactMap(DynamoDBAPIKeyStore.record)
    }

    /// Every item a query finds, page after page, in sort-key order.
    private func items(_ keyCondition: Condition, filter: Condition? = nil) async throws(ServiceError) -> [AttributeValue.Item] {
        try await attempt { () throws(DynamoDBError) in
            try await client.queryAll(Query(keyCondition: keyCondition, filter: filter, limit: 1000, descending: false))
        }
    }

    // MARK: - Items

    static func itemKey(_ pk: String, _ sk: String) -> AttributeValue.Item { ["pk": .string(pk), "sk": .string(sk)] }

    static func key(_ id: String) -> AttributeValue.Item { itemKey(partition, "key#\(id)") }

    /// Versions as sort keys that order as the numbers do.
    static func sortKey(_ version: Int64) -> String {
        let digits = String(max(0, version))
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    static func item(_ record: APIKeyRecord) -> AttributeValue.Item {
        var item = key(record.id)
        item["id"] = .string(record.id)
        item["tenant"] = .string(record.tenant.rawValue)
        item["role"] = .string(record.role.rawValue)
        item["name"] = .string(record.name)
        item["hash"] = .binary(Data(record.hash))
        item["created"] = .integer(record.createdAt.microseconds)
        item["version"] = .integer(record.version)
        if let expires = record.expiresAt { item["expires"] = .integer(expires.microseconds) }
        if let revoked = record.revokedAt { item["revoked"] = .integer(revoked.microseconds) }
        if let used = record.lastUsedAt { item["last_used"] = .integer(used.microseconds) }
        return item
    }

    /// An item as a record; nil for an item this version cannot read (a role it does not know), which is then refused.
    static func record(_ item: AttributeValue.Item) -> APIKeyRecord? {
        guard let id = item["id"]?.stringValue, let tenant = item["tenant"]?.stringValue.flatMap(TenantID.init),
              let role = item["role"]?.stringValue.flatMap(Role.init(rawValue:)), let hash = item["hash"]?.binaryValue,
              let created = item["created"]?.integerValue, let version = item["version"]?.integerValue else { return nil }
        return APIKeyRecord(id: id, hash: [UInt8](hash), tenant: tenant, role: role, name: item["name"]?.stringValue ?? "",
                            createdAt: Timestamp(microseconds: created),
                            expiresAt: item["expires"]?.integerValue.map(Timestamp.init(microseconds:)),
                            revokedAt: item["revoked"]?.integerValue.map(Timestamp.init(microseconds:)),
                            lastUsedAt: item["last_used"]?.integerValue.map(Timestamp.init(microseconds:)), version: version)
    }

    private static func hashKey(_ item: AttributeValue.Item) -> SealedHashKey? {
        guard let id = item["id"]?.stringValue, let sealed = item["sealed"]?.binaryValue else { return nil }
        return SealedHashKey(id: id, sealed: [UInt8](sealed))
    }

    private func attempt<T>(_ body: () async throws(DynamoDBError) -> T) async throws(ServiceError) -> T {
        do {
            return try await body()
        } catch {
            throw unavailable(error)
        }
    }

    private func unavailable(_ error: DynamoDBError) -> ServiceError {
        guard case .failed(let failure) = error else { return .internalError("an API-key item changed unexpectedly") }
        return client.unavailable(failure, items: "the API-key table")
    }
}

extension APIKeyring {
    /// The API keys of the DynamoDB log table `client` names, for a deployment without a local pool (AWS Lambda); their
    /// hash key is sealed by `seal` (the KMS key).
    public convenience init(table client: DynamoDBClient, seal: any SigningKeySeal) {
        self.init(store: DynamoDBAPIKeyStore(client: client), seal: seal)
    }
}
