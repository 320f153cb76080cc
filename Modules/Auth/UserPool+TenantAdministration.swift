import Model

/// An administrator's requests over the bus (`auth.users`, from the REST routes under `/admin/users`): only the
/// `admin` role, only the users of its own tenant. A user of another tenant is `not_found`, exactly as one that does
/// not exist. Only `create` can tell that a username is taken elsewhere (`conflict`): usernames are unique in the
/// pool, across tenants, as in Cognito.
extension UserPool {
    func handle(_ request: UserAdministrationRequest) async throws(ServiceError) -> UserAdministrationReply {
        try request.caller.authorizeAdministration()
        let tenant = request.caller.tenant
        switch request.action {
        case .list:
            return .listed(try await users().filter { $0.tenant == tenant.rawValue }.map(\.summary).sorted { $0.username < $1.username })
        case .create(let username, let groups):
            let password = try await createUser(username, tenant: tenant.rawValue, groups: groups.map(\.rawValue))
            return .changed(try await user(username, of: tenant), temporaryPassword: password)
        case .setEnabled(let username, let enabled):
            _ = try await user(username, of: tenant)
            // A pool token's subject is its `cognito:username` (`PrincipalRule`).
            if !enabled, request.caller.subject == username {
                throw ServiceError(.conflict, "an administrator cannot disable itself: ask another administrator")
            }
            try await setEnabled(username, enabled)
            return .changed(try await user(username, of: tenant), temporaryPassword: nil)
        case .resetPassword(let username):
            _ = try await user(username, of: tenant)
            let password = try await resetPassword(username)
            return .changed(try await user(username, of: tenant), temporaryPassword: password)
        }
    }

    /// The user `username` of `tenant`; `notFound` for one of another tenant as for one that does not exist.
    private func user(_ username: String, of tenant: TenantID) async throws(ServiceError) -> UserSummary {
        guard let record = try await store.user(username), record.tenant == tenant.rawValue else {
            // The path's username is the client's: the message names the rule, not the value.
            throw ServiceError(.notFound, "no such user in the tenant \(tenant)")
        }
        return record.summary
    }
}

extension UserRecord {
    var summary: UserSummary {
        UserSummary(username: username, tenant: tenant, groups: groups, status: status.rawValue,
                    enabled: enabled, createdAt: createdAt)
    }
}
