/// What an administrator asks of its tenant's users in the local pool over the bus (`auth.users`): the REST routes
/// under `/admin/users` send it, the Auth module answers. The caller must hold the `admin` role and acts only on the
/// users of its own tenant; a user of another tenant is `not_found`, as one that does not exist.
public struct UserAdministrationRequest: Sendable {
    /// The administrator, as its token or key proved it.
    public let caller: Principal
    public let action: UserAdministrationAction

    public init(caller: Principal, action: UserAdministrationAction) {
        self.caller = caller
        self.action = action
    }
}

/// One operation on a tenant's users (Cognito's `ListUsers`, `AdminCreateUser`, `AdminDisableUser`,
/// `AdminEnableUser` and `AdminResetUserPassword`, confined to the caller's tenant).
public enum UserAdministrationAction: Sendable {
    /// The tenant's users, by username.
    case list
    /// A new user of the caller's tenant in these groups (roles), with a temporary password that must be changed at
    /// its first sign-in; the password is in the answer only.
    case create(username: String, groups: [Role])
    /// Disabling also ends the user's sessions: its refresh, ID and access tokens are refused from then on.
    case setEnabled(username: String, enabled: Bool)
    /// A new temporary password, to be changed at the next sign-in; the user's tokens are revoked.
    case resetPassword(username: String)
}

/// The answer to a `UserAdministrationRequest`, by action.
public enum UserAdministrationReply: Sendable {
    case listed([UserSummary])
    /// The user, and the temporary password (`create`, `resetPassword`) shown this once.
    case changed(UserSummary, temporaryPassword: String?)
}

/// A user as an administrator sees it: never its password or its hash.
public struct UserSummary: Sendable, Equatable, Encodable {
    public let username: String
    public let tenant: String
    public let groups: [String]
    /// Cognito's `UserStatus`: `FORCE_CHANGE_PASSWORD` until the first sign-in sets a password, then `CONFIRMED`.
    public let status: String
    public let enabled: Bool
    public let createdAt: Timestamp

    public init(username: String, tenant: String, groups: [String], status: String, enabled: Bool, createdAt: Timestamp) {
        self.username = username
        self.tenant = tenant
        self.groups = groups
        self.status = status
        self.enabled = enabled
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case username, tenant, groups, status, enabled
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(username, forKey: .username)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(groups, forKey: .groups)
        try container.encode(status, forKey: .status)
        try container.encode(enabled, forKey: .enabled)
        try container.encode(createdAt.rfc3339, forKey: .createdAt)
    }
}
