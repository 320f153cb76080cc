/// What a caller may do, granted by the groups of its token.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case writer, reader, admin
}

/// An authenticated caller: who it is, which tenant it acts in, and its roles.
public struct Principal: Sendable, Hashable {
    public let subject: String
    public let tenant: TenantID
    public let roles: Set<Role>

    public init(subject: String, tenant: TenantID, roles: Set<Role>) {
        self.subject = subject
        self.tenant = tenant
        self.roles = roles
    }

    /// A caller with no role reads and writes its own tenant; roles narrow that.
    public var canWrite: Bool { roles.isEmpty || roles.contains(.writer) || roles.contains(.admin) }
    public var canRead: Bool { roles.isEmpty || roles.contains(.reader) || roles.contains(.admin) }
}
