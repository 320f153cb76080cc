import CryptoPrimitives
public import Model

/// Machine clients of the local pool: an id and a random secret (stored only as its SHA-256,
/// compared in constant time), tied to one tenant. Their access tokens may only write that tenant's logs.
extension UserPool {
    /// The scope of machine-client access tokens.
    public static let machineScope = "logs/write"

    /// Creates a client for `tenant`; returns its id and its secret, which is shown this once only.
    public func createClient(tenant: String) async throws(ServiceError) -> (clientID: String, clientSecret: String) {
        guard TenantID(tenant) != nil else { throw ServiceError.invalid("\(tenant) is not a valid tenant id") }
        let clientID = RandomText.make(26, from: RandomText.lowercaseAlphanumeric)
        let secret = RandomText.make(48, from: RandomText.alphanumeric)
        try await store.insert(MachineClientRecord(clientID: clientID, secretHash: UserPool.storedHash(secret),
                                                   tenant: tenant, createdAt: .now()))
        return (clientID, secret)
    }

    public func machineClients() async throws(ServiceError) -> [MachineClientRecord] { try await store.clients() }

    /// Deletes a client and revokes the access tokens it was issued.
    public func deleteClient(_ clientID: String) async throws(ServiceError) {
        let revocation = Revocation(subject: clientID, at: .now(), settings: settings)
        guard try await store.deleteClient(clientID, revoking: revocation) else { throw ServiceError(.notFound, "no client \(clientID)") }
        revocations.note(revocation)
    }

    /// An access token for a client that proves its secret: writer only, its tenant only, short-lived.
    func accessToken(forClient clientID: String, secret: String) async throws(ServiceError) -> IssuedAccessToken {
        let stored = try await store.client(clientID)
        let expected = stored?.secretHash ?? UserPool.storedHash("")
        guard let client = stored, constantTimeEquals(Array(UserPool.storedHash(secret).utf8), Array(expected.utf8)) else {
            throw ServiceError.unauthenticated("invalid client credentials")
        }
        let now = try await issueTime(for: client.clientID)
        let issuedAt = Double(now.microseconds / 1_000_000)
        let lifetime = settings.clientTokenLifetimeSeconds
        var claims: Claims = [
            "sub": .string(client.clientID), "iss": .string(issuer), "client_id": .string(client.clientID),
            "token_use": .string("access"), "scope": .string(UserPool.machineScope), "iat": .number(issuedAt),
            "exp": .number(issuedAt + Double(lifetime)),
            "cognito:groups": .array([.string(Role.writer.rawValue)]), "jti": .string(RandomText.make(22, from: RandomText.alphanumeric)),
        ]
        claims[settings.tenantClaim] = .string(client.tenant)
        let key = try await signingKeys.current()
        return IssuedAccessToken(accessToken: try JWT.sign(claims, kid: key.kid, key: key.privateKey), expiresIn: lifetime)
    }

    /// Whether `clientID` is one of this pool's machine clients.
    func isMachineClient(_ clientID: String) async -> Bool {
        (try? await store.client(clientID)) != nil
    }
}
