public import Model

/// Making, listing and revoking API keys: long-lived, revocable credentials of one tenant and one role, for programs
/// that cannot log in. `logsvc api-keys ...` calls these directly on the store (the data dir's pool, or the DynamoDB
/// table); the REST routes under `/admin/api-keys` reach them over the bus (`handle`), for an admin of the tenant.
extension APIKeyring {
    /// The most keys in force (neither revoked nor expired) one tenant may have.
    public static let maxKeysPerTenant = 100
    /// The shortest and longest lifetime a key may be given, in seconds: a minute and ten years.
    public static let lifetimeSeconds = 60...(3650 * 86_400)

    /// Makes a key of `tenant` as `spec` says; returns it with its secret, which is shown this once only (only its keyed
    /// hash is stored). `invalidRequest` for a bad tenant, name or lifetime; `conflict` past `maxKeysPerTenant`.
    public func create(tenant: String, _ spec: NewAPIKey) async throws(ServiceError) -> CreatedAPIKey {
        guard let tenantID = TenantID(tenant) else { throw ServiceError.invalid("\(tenant) is not a valid tenant id") }
        if let name = spec.name, !APIKeyring.isValidName(name) {
            throw ServiceError.invalid("an API key's name is 1-64 characters of letters, digits, space and . _ : @ / -")
        }
        if let seconds = spec.expiresInSeconds, !APIKeyring.lifetimeSeconds.contains(seconds) {
            throw ServiceError.invalid("an API key expires in \(APIKeyring.lifetimeSeconds.lowerBound) to "
                + "\(APIKeyring.lifetimeSeconds.upperBound) seconds (a minute to ten years), or never")
        }
        let key = try APIKeyText.generate()
        let now = Timestamp.now()
        let record = APIKeyRecord(
            id: key.id, hash: try await hash(key), tenant: tenantID, role: spec.role, name: spec.name ?? "", createdAt: now,
            expiresAt: spec.expiresInSeconds.map { Timestamp(microseconds: now.microseconds + Int64($0) * 1_000_000) },
            revokedAt: nil, lastUsedAt: nil)
        try await store.insert(record, activeLimit: APIKeyring.maxKeysPerTenant)
        note(record)
        return CreatedAPIKey(summary: record.summary, key: key.text)
    }

    /// The keys not revoked of `tenant`, or (nil) of every tenant, oldest first, with the latest use this process saw.
    public func list(of tenant: String?) async throws(ServiceError) -> [APIKeySummary] {
        var tenantID: TenantID?
        if let tenant {
            guard let id = TenantID(tenant) else { throw ServiceError.invalid("\(tenant) is not a valid tenant id") }
            tenantID = id
        }
        return try await store.keys(of: tenantID).map { record in
            let seen = lastUse.latest(record.id)
            let lastUsed = [record.lastUsedAt, seen].compactMap { $0 }.max()
            return APIKeySummary(id: record.id, name: record.name, tenant: record.tenant, role: record.role,
                                 createdAt: record.createdAt, lastUsedAt: lastUsed, expiresAt: record.expiresAt)
        }
    }

    /// Revokes the key `id` of `tenant` (nil: of any tenant): refused here at once, and in every other process on the
    /// same store within 2 seconds. `notFound` for an unknown id, a key already revoked, or one of another tenant.
    public func revoke(_ id: String, of tenant: TenantID?) async throws(ServiceError) {
        guard APIKeyText.isValidID(id),
              let revoked = try await store.revoke(id, of: tenant, at: .now()) else {
            throw ServiceError(.notFound, "no API key \(APIKeyText.isValidID(id) ? id : "with that id") in force"
                + (tenant.map { " in the tenant \($0)" } ?? ""))
        }
        note(revoked)
    }

    /// An administrator's request over the bus: only the `admin` role, only its own tenant's keys.
    func handle(_ request: APIKeyRequest) async throws(ServiceError) -> APIKeyReply {
        try request.caller.authorizeAdministration()
        let tenant = request.caller.tenant
        switch request.action {
        case .list: return .listed(try await list(of: tenant.rawValue))
        case .create(let spec): return .created(try await create(tenant: tenant.rawValue, spec))
        case .revoke(let id):
            try await revoke(id, of: tenant)
            return .revoked
        }
    }

    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || " ._:@/-".unicodeScalars.contains($0)
        }
    }
}
