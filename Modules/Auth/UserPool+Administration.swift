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

    /// Enables or disables a user; disabling also revokes its refresh, ID and access tokens.
    public func setEnabled(_ username: String, _ enabled: Bool) async throws(ServiceError) {
        let revocation = enabled ? nil : userRevocation(username)
        guard try await store.setEnabled(username, enabled, revoking: revocation) else {
            throw ServiceError(.notFound, "no user named \(username)")
        }
        if let revocation { revocations.note(revocation) }
    }

    /// Deletes a user and revokes its refresh, ID and access tokens.
    public func deleteUser(_ username: String) async throws(ServiceError) {
        let revocation = userRevocation(username)
        guard try await store.deleteUser(username, revoking: revocation) else {
            throw ServiceError(.notFound, "no user named \(username)")
        }
        revocations.note(revocation)
    }

    /// Revokes the user's refresh, ID and access tokens (GlobalSignOut).
    func signOut(_ username: String) async throws(ServiceError) {
        let revocation = userRevocation(username)
        try await store.revokeTokens(of: username, revocation)
        revocations.note(revocation)
    }

    /// The revocation, now, of every token issued to `username` until now.
    private func userRevocation(_ username: String) -> Revocation {
        Revocation(subject: UserPool.subject(of: username, pool: userPoolID), at: .now(), settings: settings)
    }

    /// Sets a new temporary password (generated when nil) that must be changed at the next login, and revokes the
    /// user's refresh, ID and access tokens; returns the password.
    public func resetPassword(_ username: String, temporaryPassword: String? = nil) async throws(ServiceError) -> String {
        guard try await store.user(username) != nil else { throw ServiceError(.notFound, "no user named \(username)") }
        let password = temporaryPassword ?? RandomText.temporaryPassword()
        try settings.passwordPolicy.check(password)
        let hash = try await PasswordHash.make(password, iterations: settings.passwordHashIterations)
        let revocation = userRevocation(username)
        guard try await store.setPassword(username, hash: hash, status: .forceChangePassword,
                                          temporaryUntil: Timestamp.now().adding(days: settings.temporaryPasswordValidityDays),
                                          revoking: revocation) else {
            throw ServiceError(.notFound, "no user named \(username)")
        }
        revocations.note(revocation)
        return password
    }

    /// Adds a new signing key; earlier keys stop signing but verify the tokens they signed before (see
    /// `SigningKeyring.Key.verifies`) until those have expired, and keys retired longer ago than that are removed.
    /// Returns the new `kid`.
    public func rotateSigningKey() async throws(ServiceError) -> String {
        let now = Timestamp.now()
        let key = try await SigningKeyring.generate(now: now, sealedBy: signingKeySeal)
        try await store.rotate(to: key)
        let horizon = Int64(settings.longestTokenLifetimeSeconds + settings.clockLeewaySeconds + SigningKeyring.retirementGraceSeconds)
        try await store.dropSigningKeys(retiredBefore: Timestamp(microseconds: now.microseconds - horizon * 1_000_000))
        try await signingKeys.reload()
        return key.kid
    }

    /// Deletes the signing key `kid` at once (a compromised key): every token it signed is refused, here at once and
    /// in other processes within 2 seconds, and the JWKS stops listing it. The key that signs now is revoked only
    /// with `rotate`, which first adds a new signing key; returns that key's `kid`, if any.
    public func revokeSigningKey(_ kid: String, rotate: Bool) async throws(ServiceError) -> String? {
        let keys = try await store.signingKeys()
        guard keys.contains(where: { $0.kid == kid }) else { throw ServiceError(.notFound, "no signing key \(kid)") }
        var replacement: String?
        if keys.contains(where: { $0.kid == kid && $0.retiredAt == nil }) {
            guard rotate else {
                throw ServiceError.invalid("\(kid) is the key that signs now; pass --rotate to make a new signing key first")
            }
            replacement = try await rotateSigningKey()
        }
        guard try await store.deleteSigningKey(kid) else { throw ServiceError(.notFound, "no signing key \(kid)") }
        try await signingKeys.reload()
        return replacement
    }

    static func isValidUsername(_ name: String) -> Bool {
        (1...128).contains(name.utf8.count) && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-@+".unicodeScalars.contains($0)
        }
    }
}
