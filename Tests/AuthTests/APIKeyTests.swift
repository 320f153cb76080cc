@testable import Auth
import CryptoPrimitives
import Foundation
import GRDB
import Model
import TestSupport
import Testing

/// What a caller in the `admin` role of `tenant` sends over the bus.
private func admin(of tenant: String) throws -> Principal {
    Principal(subject: "boss", tenant: try #require(TenantID(tenant)), roles: [.admin])
}

/// The verification a request gets: what `auth.verify` answers a credential.
private func verify(_ pool: UserPool, _ credential: String, now: Timestamp = .now()) async throws(ServiceError) -> Principal {
    try await TokenVerifier(pool: pool, settings: pool.settings).verify(credential, now: now)
}

/// The refusal of `credential`, which must be 401 `unauthenticated`.
private func refusal(_ pool: UserPool, _ credential: String, now: Timestamp = .now()) async throws -> ServiceError {
    let error = try #require(await #expect(throws: ServiceError.self) { try await verify(pool, credential, now: now) })
    #expect(error.code == .unauthenticated)
    return error
}

@Suite("API keys of the local pool")
struct APIKeyTests {
    @Test("a key is lsk_, an id and 256 bits of secret, and proves its tenant and exactly its one role")
    func provesTenantAndRole() async throws {
        let (pool, _) = try await freshPool()
        for role in Role.allCases {
            let created = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(name: "ci \(role)", role: role))
            #expect(created.key.wholeMatch(of: /lsk_[a-z0-9]{16}_[A-Za-z0-9_-]{43}/) != nil)
            #expect(created.key.hasPrefix("lsk_\(created.summary.id)_"))
            #expect(Base64URL.decodeCanonical(String(created.key.suffix(43)))?.count == 32)
            let principal = try await verify(pool, created.key)
            #expect(principal.subject == "apikey:\(created.summary.id)")
            #expect(principal.tenant == TenantID("acme"))
            #expect(principal.roles == [role])
            #expect(principal.grant == .apiKey)
        }
    }

    @Test("a writer key may not read, and the refusal names its role")
    func roleRefusal() async throws {
        let (pool, _) = try await freshPool()
        let principal = try await verify(pool, try await pool.apiKeyring.create(tenant: "acme", NewAPIKey()).key)
        #expect(principal.canWrite && !principal.canRead)
        let error = try #require(#expect(throws: ServiceError.self) { try principal.authorize(.read) })
        #expect(error.code == .forbidden)
        #expect(error.message.hasSuffix("this API key's role is writer"))
    }

    @Test("a wrong secret, an unknown id and a malformed key are refused with their reasons, never echoing the key",
          arguments: ["wrong secret", "unknown id", "malformed", "truncated", "padded", "uppercase id"])
    func refusals(kind: String) async throws {
        let (pool, _) = try await freshPool()
        let key = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey()).key
        let id = String(key.dropFirst(4).prefix(16)), secret = String(key.suffix(43))
        let otherSecret = Base64URL.encode([UInt8](repeating: 7, count: 32))
        let (credential, reason) = switch kind {
        case "wrong secret": ("lsk_\(id)_\(otherSecret)", "api_key_wrong_secret")
        case "unknown id": ("lsk_0123456789abcdef_\(secret)", "api_key_unknown")
        case "malformed": ("lsk_\(id)-\(secret)", "api_key_malformed")
        case "truncated": (String(key.dropLast()), "api_key_malformed")
        case "padded": (key + "=", "api_key_malformed")
        default: ("lsk_\(id.uppercased())_\(secret)", "api_key_malformed")
        }
        let error = try await refusal(pool, credential)
        #expect(error.reason == reason)
        #expect(!error.message.contains(secret) && !error.message.contains(otherSecret) && !error.message.contains(credential))
    }

    @Test("a revoked key is refused at once with a message naming its id; it leaves the list; revoking it again is 404")
    func revoked() async throws {
        let (pool, _) = try await freshPool()
        let created = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(name: "deploy"))
        let kept = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(name: "kept"))
        _ = try await verify(pool, created.key)
        try await pool.apiKeyring.revoke(created.summary.id, of: TenantID("acme"))
        let error = try await refusal(pool, created.key)
        #expect(error.reason == "api_key_revoked")
        #expect(error.message == "the API key \(created.summary.id) was revoked")
        #expect(try await pool.apiKeyring.list(of: "acme").map(\.id) == [kept.summary.id])
        let again = try #require(await #expect(throws: ServiceError.self) {
            try await pool.apiKeyring.revoke(created.summary.id, of: TenantID("acme"))
        })
        #expect(again.code == .notFound)
        _ = try await verify(pool, kept.key)
    }

    @Test("a key is refused from its expiry on")
    func expired() async throws {
        let (pool, _) = try await freshPool()
        let created = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(expiresInSeconds: 60))
        let expiry = try #require(created.summary.expiresAt)
        #expect(expiry.microseconds - created.summary.createdAt.microseconds == 60_000_000)
        _ = try await verify(pool, created.key, now: Timestamp(microseconds: expiry.microseconds - 1))
        let error = try await refusal(pool, created.key, now: expiry)
        #expect(error.reason == "api_key_expired")
        #expect(error.message == "the API key \(created.summary.id) expired at \(expiry.rfc3339)")
    }

    @Test("an administrator over the bus lists, creates and revokes only its own tenant's keys; other roles get 403")
    func administrationOverTheBus() async throws {
        let (pool, _) = try await freshPool()
        let mine = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey(name: "mine"))
        let theirs = try await pool.apiKeyring.create(tenant: "globex", NewAPIKey(name: "theirs"))
        guard case .listed(let listed) = try await pool.apiKeyring.handle(APIKeyRequest(caller: try admin(of: "acme"), action: .list)) else {
            Issue.record("not a list")
            return
        }
        #expect(listed.map(\.id) == [mine.summary.id])
        let foreign = try #require(await #expect(throws: ServiceError.self) {
            try await pool.apiKeyring.handle(APIKeyRequest(caller: try admin(of: "acme"), action: .revoke(id: theirs.summary.id)))
        })
        #expect(foreign.code == .notFound)
        #expect(!foreign.message.contains("globex"))
        _ = try await verify(pool, theirs.key)
        guard case .created(let created) = try await pool.apiKeyring.handle(APIKeyRequest(
            caller: try admin(of: "acme"), action: .create(NewAPIKey(name: "new", role: .reader)))) else {
            Issue.record("not a creation")
            return
        }
        #expect(created.summary.tenant == TenantID("acme") && created.summary.role == .reader)
        for role in [Role.writer, .reader] {
            let caller = Principal(subject: "s", tenant: try #require(TenantID("acme")), roles: [role])
            let error = try #require(await #expect(throws: ServiceError.self) {
                try await pool.apiKeyring.handle(APIKeyRequest(caller: caller, action: .list))
            })
            #expect(error.code == .forbidden)
        }
    }

    @Test("names, lifetimes and tenants outside the rules are refused", arguments: [
        NewAPIKey(name: ""), NewAPIKey(name: String(repeating: "n", count: 65)), NewAPIKey(name: "tab\there"),
        NewAPIKey(name: "\u{1b}[31mred"), NewAPIKey(expiresInSeconds: 59), NewAPIKey(expiresInSeconds: 3650 * 86_400 + 1),
        NewAPIKey(expiresInSeconds: -1),
    ])
    func invalid(spec: NewAPIKey) async throws {
        let pool = try await sharedPool.value.pool
        let error = try #require(await #expect(throws: ServiceError.self) { try await pool.apiKeyring.create(tenant: "rules", spec) })
        #expect(error.code == .invalidRequest)
        #expect(try await pool.apiKeyring.list(of: "rules").isEmpty)
    }

    @Test("a tenant has at most maxKeysPerTenant keys in force; revoking one makes room")
    func perTenantLimit() async throws {
        let (pool, _) = try await freshPool()
        var first: String?
        for _ in 0..<APIKeyring.maxKeysPerTenant {
            let id = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey()).summary.id
            first = first ?? id
        }
        let error = try #require(await #expect(throws: ServiceError.self) { try await pool.apiKeyring.create(tenant: "acme", NewAPIKey()) })
        #expect(error.code == .conflict)
        _ = try await pool.apiKeyring.create(tenant: "globex", NewAPIKey())
        try await pool.apiKeyring.revoke(try #require(first), of: nil)
        _ = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey())
    }

    @Test("identity.sqlite holds neither a key nor its secret, and its hash key is sealed: a copy under another master key checks no key")
    func storedOnlyAsKeyedHash() async throws {
        let (pool, directory) = try await freshPool()
        let created = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey())
        _ = try await verify(pool, created.key)
        let secret = String(created.key.suffix(43))
        let bytes = try identityDatabaseBytes(in: directory)
        #expect(bytes.range(of: Data(created.key.utf8)) == nil)
        #expect(bytes.range(of: Data(secret.utf8)) == nil)
        #expect(bytes.range(of: Data(try #require(Base64URL.decodeCanonical(secret)))) == nil)
        #expect(bytes.range(of: Data(created.summary.id.utf8)) != nil, "the id is stored in clear, as a name")
        let copy = try copyIdentityDatabase(from: directory)
        let stolen = try await UserPool.open(dataDir: copy, settings: pool.settings, signingKeySeal: try localSigningKeySeal(dataDir: copy),
                                             createIfMissing: false, defaultIssuerBase: "", logger: logger)
        #expect(try await refusal(stolen, created.key).reason == "api_key_unknown")
    }

    @Test("a key revoked by another process on the same data dir (the admin CLI) is refused within 2 seconds; one it makes works as soon")
    func otherProcess() async throws {
        let (pool, directory) = try await freshPool()
        let created = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey())
        _ = try await verify(pool, created.key)
        let cli = try await UserPool.open(dataDir: directory, settings: pool.settings, signingKeySeal: try localSigningKeySeal(dataDir: directory),
                                          createIfMissing: false, defaultIssuerBase: "", logger: logger)
        try await cli.apiKeyring.revoke(created.summary.id, of: nil)
        let fresh = try await cli.apiKeyring.create(tenant: "acme", NewAPIKey(role: .reader))
        try await Task.sleep(for: .seconds(2))
        #expect(try await refusal(pool, created.key).reason == "api_key_revoked")
        #expect(try await verify(pool, fresh.key).roles == [.reader])
    }

    @Test("last use is kept in memory and written back at most once a minute, not at each request")
    func lastUse() async throws {
        let (pool, directory) = try await freshPool()
        let created = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey())
        #expect(try await pool.apiKeyring.list(of: "acme").first?.lastUsedAt == nil)
        let first = Timestamp.now()
        _ = try await verify(pool, created.key, now: first)
        let database = try DatabaseQueue(path: directory + "/identity.sqlite")
        func stored() throws -> Int64? {
            try database.read { try Int64.fetchOne($0, sql: "SELECT last_used_at FROM api_keys WHERE id = ?", arguments: [created.summary.id]) }
        }
        var waits = 0
        while try stored() == nil, waits < 100 {
            try await Task.sleep(for: .milliseconds(20))
            waits += 1
        }
        #expect(try stored() == first.microseconds, "the first use is written back")
        let later = Timestamp(microseconds: first.microseconds + 5_000_000)
        for _ in 0..<50 { _ = try await verify(pool, created.key, now: later) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(try stored() == first.microseconds, "uses within the minute are not written")
        #expect(try await pool.apiKeyring.list(of: "acme").first?.lastUsedAt == later, "this process lists the latest use it saw")
    }

    @Test("measured: verifying a key next to verifying a cached JWT (printed, not asserted)")
    func cost() async throws {
        let (pool, _) = try await freshPool()
        let verifier = TokenVerifier(pool: pool, settings: pool.settings)
        let key = try await pool.apiKeyring.create(tenant: "acme", NewAPIKey()).key
        let token = try await pool.idToken(for: "admin")
        _ = try await verifier.verify(key)
        _ = try await verifier.verify(token)
        let rounds = 20_000
        func measure(_ credential: String) async throws -> Duration {
            let clock = ContinuousClock()
            return try await clock.measure {
                for _ in 0..<rounds { _ = try await verifier.verify(credential) }
            }
        }
        var keyTimes: [Duration] = [], tokenTimes: [Duration] = []
        for _ in 0..<3 {
            keyTimes.append(try await measure(key))
            tokenTimes.append(try await measure(token))
        }
        func perCall(_ times: [Duration]) -> String {
            let best = times.min() ?? .zero
            return String(format: "%.2f µs", Double(best.components.attoseconds) / 1e12 / Double(rounds)
                + Double(best.components.seconds) * 1e6 / Double(rounds))
        }
        print("verification per call, best of 3 × \(rounds): API key \(perCall(keyTimes)), cached JWT \(perCall(tokenTimes))")
    }
}
