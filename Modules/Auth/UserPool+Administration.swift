public import Model

/// The admin operations behind `logsvc users ...` and `logsvc keys rotate-signing`.
extension UserPool {
    /// Creates a user with a temporary password (generated when nil); returns that password.
    public func createUser(_ username: String, tenant: String, groups: [String],
                           temporaryPassword: String? = nil) async throws(ServiceError) -> String {
        guard UserPool.isValidUsername(username) else {
            throw ServiceError.invalid("a username is 1-128 characters of letters, digits and . _ - @ +")
        }
        guard TenantID(tenant) != nil else { throw ServiceError.invalid("\(tenant) is not a valid tenant id") }
        let unknownGroups = groups.filter { Role(rawValue: $0) == nil }
        guard unknownGroups.isEmpty else {
            throw ServiceError.invalid("unknown groups \(unknownGroups.joined(separator: ", ")); use writer, reader, admin")
        }
        let password = temporaryPassword ?? RandomText.temporaryPassword()
        try settings.passwordPolicy.check(password)
        let now = Timestamp.now()
        try await store.insert(UserRecord(
            username: username, tenant: tenant, groups: groups, passwordHash: try await PasswordHash.make(password, iterations: settings.passwordHashIterations),
            status: .forceChangePassword, enabled: true,
            temporaryPasswordExpiresAt: now.adding(days: settings.temporaryPasswordValidityDays), createdAt: now))
        return password
    }

    public func users() async throws(ServiceError) -> [UserRecord] { try await store.users() }

    public func setEnabled(_ username: String, _ enabled: Bool) async throws(ServiceError) {
        guard try await store.setEnabled(username, enabled) else { throw ServiceError(.notFound, "no user named \(username)") }
        if !enabled { try await store.revokeRefreshTokens(of: username) }
    }

    public func deleteUser(_ username: String) async throws(ServiceError) {
        guard try await store.deleteUser(username) else { throw ServiceError(.notFound, "no user named \(username)") }
    }

    /// Sets a new temporary password (generated when nil) that must be changed at the next login; returns it.
    public func resetPassword(_ username: String, temporaryPassword: String? = nil) async throws(ServiceError) -> String {
        guard try await store.user(username) != nil else { throw ServiceError(.notFound, "no user named \(username)") }
        let password = temporaryPassword ?? RandomText.temporaryPassword()
        try settings.passwordPolicy.check(password)
        try await store.setPassword(username, hash: try await PasswordHash.make(password, iterations: settings.passwordHashIterations), status: .forceChangePassword,
                                    temporaryUntil: Timestamp.now().adding(days: settings.temporaryPasswordValidityDays))
        try await store.revokeRefreshTokens(of: username)
        return password
    }

    /// Adds a new signing key; earlier keys stop signing but verify until their tokens have expired,
    /// and keys retired longer ago than that are removed. Returns the new `kid`.
    public func rotateSigningKey() async throws(ServiceError) -> String {
        let now = Timestamp.now()
        let key = try await SigningKeyRing.generate(now: now, sealedBy: signingKeySeal)
        try await store.rotate(to: key)
        let horizon = Int64(settings.tokenLifetimeSeconds + settings.clockLeewaySeconds) * 1_000_000
        try await store.dropSigningKeys(retiredBefore: Timestamp(microseconds: now.microseconds - horizon))
        try await signingKeys.reload()
        return key.kid
    }

    static func isValidUsername(_ name: String) -> Bool {
        (1...128).contains(name.utf8.count) && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-@+".unicodeScalars.contains($0)
        }
    }
}
