/// What an administrator asks of its tenant's API keys over the bus (`auth.api_keys`): the REST routes under
/// `/admin/api-keys` send it, the Auth module answers. The caller must hold the `admin` role and acts only on the keys
/// of its own tenant.
public struct APIKeyRequest: Sendable {
    /// The administrator, as its token or key proved it.
    public let caller: Principal
    public let action: APIKeyAction

    public init(caller: Principal, action: APIKeyAction) {
        self.caller = caller
        self.action = action
    }
}

/// One operation on a tenant's API keys.
public enum APIKeyAction: Sendable {
    /// The tenant's keys that are not revoked, oldest first.
    case list
    /// A new key of the caller's tenant; its secret is in the answer only.
    case create(NewAPIKey)
    /// Revokes the key with this id; `not_found` for a key of another tenant, an unknown or a revoked one.
    case revoke(id: String)
}

/// What a new API key is: its role, a name for people, and how long it lives.
public struct NewAPIKey: Sendable, Equatable {
    /// A label for people (1-64 of letters, digits, space and `._:@/-`); nil: none.
    public let name: String?
    /// The one role the key grants.
    public let role: Role
    /// Seconds from creation after which the key is refused; nil: it never expires (revoke it instead).
    public let expiresInSeconds: Int?

    public init(name: String? = nil, role: Role = .writer, expiresInSeconds: Int? = nil) {
        self.name = name
        self.role = role
        self.expiresInSeconds = expiresInSeconds
    }
}

/// The answer to an `APIKeyRequest`, by action.
public enum APIKeyReply: Sendable {
    case listed([APIKeySummary])
    case created(CreatedAPIKey)
    case revoked
}

/// An API key as listed: everything but its secret, which is never stored and never shown again.
public struct APIKeySummary: Sendable, Equatable, Encodable {
    /// The public part of the key (`lsk_<id>_...`), which names it in lists and revocations.
    public let id: String
    /// Empty when it has none.
    public let name: String
    public let tenant: TenantID
    public let role: Role
    public let createdAt: Timestamp
    /// When a request last presented it, to about a minute (see `docs/identity.md`); nil: never.
    public let lastUsedAt: Timestamp?
    /// nil: it never expires.
    public let expiresAt: Timestamp?

    public init(id: String, name: String, tenant: TenantID, role: Role, createdAt: Timestamp, lastUsedAt: Timestamp?,
                expiresAt: Timestamp?) {
        self.id = id
        self.name = name
        self.tenant = tenant
        self.role = role
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, tenant, role
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case expiresAt = "expires_at"
    }

    /// Times as RFC 3339 strings; absent times as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(role, forKey: .role)
        try container.encode(createdAt.rfc3339, forKey: .createdAt)
        try container.encode(lastUsedAt?.rfc3339, forKey: .lastUsedAt)
        try container.encode(expiresAt?.rfc3339, forKey: .expiresAt)
    }
}

/// A key just made: its summary and the key itself (`lsk_<id>_<secret>`), shown this once only.
public struct CreatedAPIKey: Sendable, Encodable {
    public let summary: APIKeySummary
    /// The whole key, secret included: the caller keeps it, the service keeps only its keyed hash.
    public let key: String

    public init(summary: APIKeySummary, key: String) {
        self.summary = summary
        self.key = key
    }

    /// The summary's fields and `key`, in one object.
    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: KeyField.self)
        try container.encode(key, forKey: .key)
    }

    private enum KeyField: String, CodingKey { case key }
}
