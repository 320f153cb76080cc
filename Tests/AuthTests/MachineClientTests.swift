@testable import Auth
import Model
import Testing

@Suite("Machine clients")
struct MachineClientTests {
    @Test("a client's secret buys a short-lived access token that may only write its tenant")
    func clientCredentials() async throws {
        let (pool, _) = try await freshPool()
        let client = try await pool.createClient(tenant: "acme")
        let issued = try await pool.accessToken(forClient: client.clientID, secret: client.clientSecret)
        #expect(issued.expiresIn == 900)
        #expect(issued.tokenType == "Bearer")
        let verified = try await TokenVerifier(pool: pool, settings: AuthSettings()).verified(issued.accessToken, now: .now())
        #expect(verified.tokenUse == .access)
        #expect(verified.principal.tenant == TenantID("acme"))
        #expect(verified.principal.canWrite)
        #expect(!verified.principal.canRead)
        #expect(verified.clientID == client.clientID)
    }

    @Test("refuses a wrong secret, an unknown client and a deleted client's new tokens")
    func refusals() async throws {
        let (pool, _) = try await freshPool()
        let client = try await pool.createClient(tenant: "acme")
        await #expect(throws: ServiceError.unauthenticated("invalid client credentials")) {
            try await pool.accessToken(forClient: client.clientID, secret: client.clientSecret + "x")
        }
        await #expect(throws: ServiceError.unauthenticated("invalid client credentials")) {
            try await pool.accessToken(forClient: "nobody", secret: client.clientSecret)
        }
        let token = try await pool.accessToken(forClient: client.clientID, secret: client.clientSecret).accessToken
        try await pool.deleteClient(client.clientID)
        let error = await #expect(throws: ServiceError.self) {
            try await TokenVerifier(pool: pool, settings: AuthSettings()).verify(token)
        }
        #expect(error?.code == .unauthenticated)
    }

    @Test("stores only a hash of the secret")
    func hashedSecret() async throws {
        let (pool, _) = try await freshPool()
        let client = try await pool.createClient(tenant: "acme")
        let stored = try #require(try await pool.machineClients().first)
        #expect(stored.secretHash != client.clientSecret)
        #expect(stored.secretHash == UserPool.storedHash(client.clientSecret))
        #expect(client.clientSecret.count >= 40)
    }
}

@Suite("The tenant claim")
struct TenantClaimTests {
    @Test("tokens of the local pool carry the tenant under auth.tenant_claim, so a renamed claim keeps each tenant's callers in it")
    func renamedClaim() async throws {
        var settings = AuthSettings()
        settings.tenantClaim = "tenant"
        let (pool, _) = try await freshPool(settings)
        let verifier = TokenVerifier(pool: pool, settings: settings)
        _ = try await pool.createUser("carol", tenant: "acme", groups: ["writer"])
        let user = try await verifier.verified(try await pool.idToken(for: "carol"), now: .now())
        #expect(user.principal.tenant == TenantID("acme"))
        let client = try await pool.createClient(tenant: "globex")
        let issued = try await pool.accessToken(forClient: client.clientID, secret: client.clientSecret)
        let machine = try await verifier.verified(issued.accessToken, now: .now())
        #expect(machine.principal.tenant == TenantID("globex"))
    }
}
