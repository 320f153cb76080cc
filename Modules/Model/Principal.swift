/// What a caller may do, granted by the groups of its token.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case writer, reader, admin
}

/// Where a principal's roles came from, so that a refusal names the rule that applied.
public enum RoleGrant: Sendable, Hashable {
    /// The token's groups (`cognito:groups`) named these roles.
    case groups
    /// The token has groups, but none is exactly the name of a role: it gets no role.
    case unknownGroups
    /// The token has no groups; the roles are those configured for such tokens (`auth.ungrouped_roles`).
    case ungrouped
    /// An API key, which grants exactly the one role it was made with.
    case apiKey
}

/// What a principal asks to do with its tenant's logs.
public enum LogAccess: Sendable {
    case read, write
}

/// An authenticated caller: who it is, which tenant it acts in, and its roles.
public struct Principal: Sendable, Hashable {
    public let subject: String
    public let tenant: TenantID
    public let roles: Set<Role>
    public let grant: RoleGrant

    public init(subject: String, tenant: TenantID, roles: Set<Role>, grant: RoleGrant = .groups) {
        self.subject = subject
        self.tenant = tenant
        self.roles = roles
        self.grant = grant
    }

    /// `writer` and `admin` write; no role grants anything.
    public var canWrite: Bool { roles.contains(.writer) || roles.contains(.admin) }
    /// `reader` and `admin` read; no role grants anything.
    public var canRead: Bool { roles.contains(.reader) || roles.contains(.admin) }

    /// Throws 403 `forbidden` unless the roles allow `access`, naming the rule that refused it (never the
    /// token's group names, which the token's issuer or its users chose).
    public func authorize(_ access: LogAccess) throws(ServiceError) {
        let (allowed, refusal) = switch access {
        case .read: (canRead, "this caller may not read logs: reading needs the reader or admin role")
        case .write: (canWrite, "this caller may not write logs: writing needs the writer or admin role")
        }
        guard !allowed else { return }
        let reason = switch grant {
        case .groups: ""
        case .unknownGroups: "; none of the token's groups (cognito:groups) is exactly writer, reader or admin"
        case .ungrouped: "; the token has no groups (cognito:groups) and auth.ungrouped_roles does not grant it"
        case .apiKey: "; this API key's role is \(roles.map(\.rawValue).sorted().joined(separator: ", "))"
        }
        throw ServiceError(.forbidden, refusal + reason)
    }

    /// Throws 403 `forbidden` unless the caller holds the `admin` role, which administering its tenant (its API keys)
    /// needs.
    public func authorizeAdministration() throws(ServiceError) {
        guard !roles.contains(.admin) else { return }
        throw ServiceError(.forbidden, "this caller may not administer its tenant: that needs the admin role")
    }
}
