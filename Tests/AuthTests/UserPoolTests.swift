@testable import Auth
import Foundation
import Model
import TestSupport
import Testing

@Suite("The local user pool")
struct UserPoolTests {
    @Test("first start writes 0600 initial credentials and a 0600 identity database without the password")
    func firstStart() async throws {
        let (pool, directory) = try await sharedPool.value
        let path = directory + "/" + UserPool.initialCredentialsFile
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        let credentials = try JSONDecoder().decode(InitialCredentials.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(credentials.username == "admin")
        #expect(credentials.userPoolID == pool.userPoolID)
        #expect(credentials.clientID == pool.clientID)
        try PasswordPolicy().check(credentials.temporaryPassword)
        let database = directory + "/identity.sqlite"
        #expect((try FileManager.default.attributesOfItem(atPath: database)[.posixPermissions] as? Int) == 0o600)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        #expect(bytes.range(of: Data(credentials.temporaryPassword.utf8)) == nil)
        let admin = try #require(try await pool.users().first { $0.username == "admin" })
        #expect(admin.status == .forceChangePassword)
        #expect(admin.passwordHash.hasPrefix("pbkdf2-sha256$600000$"))
        #expect(pool.issuer == "http://127.0.0.1:8080/\(pool.userPoolID)")
    }

    @Test("a second open finds the same pool and keys, so earlier tokens stay valid")
    func reopen() async throws {
        let (pool, directory) = try await sharedPool.value
        let token = try await pool.idToken(for: "admin")
        let again = try await UserPool.open(dataDir: directory, settings: AuthSettings(),
                                            signingKeySeal: try localSigningKeySeal(dataDir: directory), createIfMissing: false,
                                            defaultIssuerBase: "http://elsewhere:1", logger: logger)
        #expect(again.userPoolID == pool.userPoolID)
        #expect(try await TokenVerifier(pool: again, settings: AuthSettings()).verify(token).subject == "admin")
    }

    @Test("opening a data dir without a pool fails unless asked to create one, and creates nothing")
    func missingPool() async throws {
        let directory = try Scratch.directory()
        await #expect(throws: ServiceError.self) {
            try await UserPool.open(dataDir: directory, settings: AuthSettings(), signingKeySeal: try localSigningKeySeal(dataDir: try Scratch.directory()),
                                    createIfMissing: false,
                                    defaultIssuerBase: "", logger: logger)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test("creates users with a tenant, valid groups and a policy-conforming temporary password, once")
    func createUsers() async throws {
        let (pool, _) = try await freshPool()
        let password = try await pool.createUser("ingester", tenant: "acme", groups: ["writer"])
        try PasswordPolicy().check(password)
        let user = try #require(try await pool.store.user("ingester"))
        #expect(user.tenant == "acme")
        #expect(user.groups == ["writer"])
        #expect(user.status == .forceChangePassword)
        #expect(await PasswordHash.verify(password, against: user.passwordHash, decoyIterations: 1000))
        let duplicate = await #expect(throws: ServiceError.self) { try await pool.createUser("ingester", tenant: "acme", groups: []) }
        #expect(duplicate?.code == .conflict, "a taken username is 409, as a REST creation answers it")
        await #expect(throws: ServiceError.self) { try await pool.createUser("x", tenant: "acme", groups: ["root"]) }
        await #expect(throws: ServiceError.self) { try await pool.createUser("y", tenant: "bad tenant", groups: []) }
        await #expect(throws: ServiceError.self) { try await pool.createUser("a b", tenant: "acme", groups: []) }
        let weak = await #expect(throws: ServiceError.self) {
            try await pool.createUser("z", tenant: "acme", groups: [], temporaryPassword: "password")
        }
        #expect(weak?.code == .invalidPassword)
    }

    @Test("a disabled user gets no token; deleting removes the user")
    func disableAndDelete() async throws {
        let (pool, _) = try await freshPool()
        _ = try await pool.createUser("temp", tenant: "acme", groups: [])
        try await pool.setEnabled("temp", false)
        let disabled = await #expect(throws: ServiceError.self) { try await pool.idToken(for: "temp") }
        #expect(disabled?.code == .forbidden)
        try await pool.deleteUser("temp")
        #expect(try await pool.store.user("temp") == nil)
        await #expect(throws: ServiceError.self) { try await pool.deleteUser("temp") }
    }

    @Test("rotating the signing key signs new tokens with it while old tokens keep verifying")
    func rotateSigningKey() async throws {
        let (pool, _) = try await freshPool()
        let verifier = TokenVerifier(pool: pool, settings: AuthSettings())
        let before = try await pool.idToken(for: "admin")
        let oldKid = try await pool.signingKeys.current().kid
        let newKid = try await pool.rotateSigningKey()
        #expect(newKid != oldKid)
        let after = try await pool.idToken(for: "admin")
        #expect(try JWT(parsing: after).header["kid"]?.string == newKid)
        #expect(try await verifier.verify(before).subject == "admin")
        #expect(try await verifier.verify(after).subject == "admin")
        #expect(Set(try await pool.jwks().keys.map(\.kid)) == [oldKid, newKid])
    }

    @Test("a key rotated by another process (the admin CLI) is picked up by a running pool")
    func rotationSeenByAnotherProcess() async throws {
        let (pool, directory) = try await freshPool()
        let verifier = TokenVerifier(pool: pool, settings: AuthSettings())
        _ = try await verifier.verify(try await pool.idToken(for: "admin"))
        let admin = try await UserPool.open(dataDir: directory, settings: AuthSettings(),
                                            signingKeySeal: try localSigningKeySeal(dataDir: directory), createIfMissing: false,
                                            defaultIssuerBase: "", logger: logger)
        let newKid = try await admin.rotateSigningKey()
        let token = try await admin.idToken(for: "admin")
        try await Task.sleep(for: .seconds(1.1))
        #expect(try await verifier.verify(token).subject == "admin")
        #expect(try await pool.jwks().keys.contains { $0.kid == newKid })
    }
}

@Suite("Password policy and hashing")
struct PasswordPolicyTests {
    @Test("Cognito's default policy rejects passwords missing a required class", arguments: [
        ("Sh0rt!", "long enough"), ("alllowercase1!", "uppercase"), ("ALLUPPERCASE1!", "lowercase"),
        ("NoDigitsHere!", "numeric"), ("NoSymbols123", "symbol"),
    ])
    func rejects(password: String, rule: String) {
        let error = #expect(throws: ServiceError.self) { try PasswordPolicy().check(password) }
        #expect(error?.code == .invalidPassword)
        #expect(error?.message.contains(rule) == true)
    }

    @Test("accepts a conforming password and honours a relaxed policy")
    func accepts() throws {
        try PasswordPolicy().check("YourNewSecurePassword1!")
        try PasswordPolicy(minimumLength: 4, requireUppercase: false, requireNumbers: false, requireSymbols: false).check("abcd")
    }

    @Test("hashes verify the right password only, and a missing hash never verifies")
    func hashes() async throws {
        let hash = try await PasswordHash.make("Corr3ct-Horse", iterations: 1000)
        #expect(await PasswordHash.verify("Corr3ct-Horse", against: hash, decoyIterations: 1000))
        #expect(!(await PasswordHash.verify("corr3ct-Horse", against: hash, decoyIterations: 1000)))
        #expect(!(await PasswordHash.verify("anything", against: nil, decoyIterations: 1000)))
        #expect(!(await PasswordHash.verify("x", against: "garbage", decoyIterations: 1000)))
        #expect(try await PasswordHash.make("Corr3ct-Horse", iterations: 1000) != hash)
    }

    @Test("new passwords are hashed at auth.password_hash_iterations; an existing hash keeps the count it was made with")
    func configuredIterations() async throws {
        let (pool, _) = try await freshPool()
        let password = try await pool.createUser("erin", tenant: "acme", groups: ["writer"])
        let erin = try #require(try await pool.users().first { $0.username == "erin" })
        #expect(erin.passwordHash.hasPrefix("pbkdf2-sha256$\(testPasswordHashIterations)$"))
        #expect(await PasswordHash.verify(password, against: erin.passwordHash, decoyIterations: 600_000))
        let older = try await PasswordHash.make("Corr3ct-Horse", iterations: 2_000)
        #expect(await PasswordHash.verify("Corr3ct-Horse", against: older, decoyIterations: testPasswordHashIterations))
    }

    @Test("temporary passwords meet the default policy and paste into a shell and the aws CLI's USERNAME=u,PASSWORD=p as they are")
    func temporaryPasswords() throws {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%+-.:@_")
        for _ in 0..<2_000 {
            let password = RandomText.temporaryPassword()
            try PasswordPolicy().check(password)
            #expect(password.allSatisfy(safe.contains), "\(password)")
        }
    }
}
