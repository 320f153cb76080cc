@testable import Auth
import Bus
import Foundation
import Model
import TestSupport
import Testing

/// The Auth module of a fresh pool on its own bus, called as the gateway calls it.
private struct CognitoClient {
    let bus: Bus
    let pool: UserPool
    let temporaryPassword: String

    init(_ settings: AuthSettings = AuthSettings()) async throws {
        let (pool, directory) = try await freshPool(settings)
        let route = Route(module: "auth", concurrency: 8, queue: 64, timeoutMilliseconds: 60_000)
        let routes = Dictionary(uniqueKeysWithValues: Topics.allNames.filter { $0.hasPrefix("auth.") }.map { ($0, route) })
        bus = try Bus(routes: routes, hostedModules: ["auth"], knownModules: ["auth"], logger: logger)
        try AuthModule(pool: pool, settings: settings, logger: logger).register(on: bus)
        self.pool = pool
        let credentials = try JSONDecoder().decode(InitialCredentials.self, from: Data(
            contentsOf: URL(fileURLWithPath: directory + "/" + UserPool.initialCredentialsFile)))
        temporaryPassword = credentials.temporaryPassword
    }

    func call(_ operation: String, _ body: [String: Any], from address: String = "192.0.2.1") async throws -> [String: Any] {
        let reply = try await bus.request(Topics.authCognito, CognitoCall(
            operation: operation, body: Array(try JSONSerialization.data(withJSONObject: body)), sourceAddress: address))
        return try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
    }

    func error(_ operation: String, _ body: [String: Any], from address: String = "192.0.2.1") async -> ServiceError? {
        do {
            _ = try await call(operation, body, from: address)
            return nil
        } catch {
            return error as? ServiceError
        }
    }

    func passwordAuth(_ username: String, _ password: String, from address: String = "192.0.2.1") async throws -> [String: Any] {
        try await call("InitiateAuth", ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": pool.clientID,
                                        "AuthParameters": ["USERNAME": username, "PASSWORD": password]], from: address)
    }

    /// The error of a login with `password`, nil when it succeeded.
    func loginError(_ username: String, _ password: String, from address: String = "192.0.2.1") async -> ServiceError? {
        await error("InitiateAuth", ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": pool.clientID,
                                     "AuthParameters": ["USERNAME": username, "PASSWORD": password]], from: address)
    }

    /// Logs the admin in for the first time and sets `newPassword`; returns the AuthenticationResult.
    func firstLogin(newPassword: String = "N3w-Secure-Password") async throws -> [String: Any] {
        let challenge = try await passwordAuth("admin", temporaryPassword)
        let reply = try await call("RespondToAuthChallenge", [
            "ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": pool.clientID, "Session": try #require(challenge["Session"]),
            "ChallengeResponses": ["USERNAME": "admin", "NEW_PASSWORD": newPassword],
        ])
        return try #require(reply["AuthenticationResult"] as? [String: Any])
    }
}

@Suite("Cognito-compatible login")
struct CognitoServiceTests {
    @Test("a temporary password leads to NEW_PASSWORD_REQUIRED, then to tokens that verify, then the new password logs in")
    func firstLoginJourney() async throws {
        let client = try await CognitoClient()
        let challenge = try await client.passwordAuth("admin", client.temporaryPassword)
        #expect(challenge["ChallengeName"] as? String == "NEW_PASSWORD_REQUIRED")
        #expect(challenge["AuthenticationResult"] == nil)
        let session = try #require(challenge["Session"] as? String)
        let weak = await client.error("RespondToAuthChallenge", [
            "ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": client.pool.clientID, "Session": session,
            "ChallengeResponses": ["USERNAME": "admin", "NEW_PASSWORD": "weak"],
        ])
        #expect(weak?.code == .invalidPassword)
        let result = try #require(try await client.call("RespondToAuthChallenge", [
            "ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": client.pool.clientID, "Session": session,
            "ChallengeResponses": ["USERNAME": "admin", "NEW_PASSWORD": "N3w-Secure-Password"],
        ])["AuthenticationResult"] as? [String: Any])
        #expect(result["TokenType"] as? String == "Bearer")
        #expect(result["ExpiresIn"] as? Int == 3600)
        #expect(result["RefreshToken"] is String)
        let principal = try await client.bus.request(Topics.authVerify, Credential(token: try #require(result["IdToken"] as? String)))
        #expect(principal.subject == "admin")
        let access = try await TokenVerifier(pool: client.pool, settings: AuthSettings()).verified(
            try #require(result["AccessToken"] as? String), now: .now())
        #expect(access.tokenUse == .access)
        let reused = await client.error("RespondToAuthChallenge", [
            "ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": client.pool.clientID, "Session": session,
            "ChallengeResponses": ["USERNAME": "admin", "NEW_PASSWORD": "An0ther-Password"],
        ])
        #expect(reused?.code == .unauthenticated, "a session is single use")
        let login = try await client.passwordAuth("admin", "N3w-Secure-Password")
        #expect((login["AuthenticationResult"] as? [String: Any])?["IdToken"] is String)
        let old = await client.error("InitiateAuth", ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client.pool.clientID,
                                                      "AuthParameters": ["USERNAME": "admin", "PASSWORD": client.temporaryPassword]])
        #expect(old?.code == .unauthenticated)
    }

    @Test("answers a wrong password and an unknown user identically")
    func noUserEnumeration() async throws {
        let client = try await CognitoClient()
        let wrong = await client.error("InitiateAuth", ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client.pool.clientID,
                                                        "AuthParameters": ["USERNAME": "admin", "PASSWORD": "Wr0ng-password"]])
        let unknown = await client.error("InitiateAuth", ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client.pool.clientID,
                                                          "AuthParameters": ["USERNAME": "nobody", "PASSWORD": "Wr0ng-password"]])
        #expect(wrong == unknown)
        #expect(wrong == ServiceError.unauthenticated("Incorrect username or password."))
    }

    @Test("refreshes tokens with a refresh token until GlobalSignOut revokes it")
    func refreshAndSignOut() async throws {
        let client = try await CognitoClient()
        let result = try await client.firstLogin()
        let refreshToken = try #require(result["RefreshToken"] as? String)
        let refresh: [String: Any] = ["AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client.pool.clientID,
                                      "AuthParameters": ["REFRESH_TOKEN": refreshToken]]
        let refreshed = try #require(try await client.call("InitiateAuth", refresh)["AuthenticationResult"] as? [String: Any])
        #expect(refreshed["IdToken"] is String)
        #expect(refreshed["RefreshToken"] == nil)
        let invalid = await client.error("InitiateAuth", ["AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client.pool.clientID,
                                                          "AuthParameters": ["REFRESH_TOKEN": refreshToken + "x"]])
        #expect(invalid?.code == .unauthenticated)
        let idAsAccess = await client.error("GlobalSignOut", ["AccessToken": try #require(result["IdToken"] as? String)])
        #expect(idAsAccess?.code == .unauthenticated, "an ID token is not an access token")
        _ = try await client.call("GlobalSignOut", ["AccessToken": try #require(result["AccessToken"] as? String)])
        let revoked = await client.error("InitiateAuth", refresh)
        #expect(revoked == ServiceError.unauthenticated("Invalid Refresh Token"))
    }

    @Test("changes a password given the access token and the previous password")
    func changePassword() async throws {
        let client = try await CognitoClient()
        let access = try #require(try await client.firstLogin()["AccessToken"] as? String)
        let wrongPrevious = await client.error("ChangePassword", ["AccessToken": access, "PreviousPassword": "Wr0ng-password",
                                                                  "ProposedPassword": "Ch4nged-Password"])
        #expect(wrongPrevious?.code == .unauthenticated)
        _ = try await client.call("ChangePassword", ["AccessToken": access, "PreviousPassword": "N3w-Secure-Password",
                                                     "ProposedPassword": "Ch4nged-Password"])
        #expect((try await client.passwordAuth("admin", "Ch4nged-Password"))["AuthenticationResult"] != nil)
    }

    @Test("rejects bad requests with Cognito's error kinds", arguments: [
        ("InitiateAuth", #"{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"nope","AuthParameters":{"USERNAME":"a","PASSWORD":"b"}}"#, ServiceError.Code.notFound),
        ("InitiateAuth", #"{"AuthFlow":"USER_SRP_AUTH","ClientId":"$CLIENT","AuthParameters":{}}"#, .invalidRequest),
        ("InitiateAuth", #"{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"$CLIENT","AuthParameters":{"USERNAME":"admin"}}"#, .invalidRequest),
        ("InitiateAuth", #"{"ClientId":"$CLIENT"}"#, .invalidRequest),
        ("InitiateAuth", #"{"AuthFlow": 5}"#, .invalidRequest),
        ("InitiateAuth", "not json", .invalidRequest),
        ("SignUp", #"{}"#, .methodNotAllowed),
        ("RespondToAuthChallenge", #"{"ChallengeName":"SMS_MFA","ClientId":"$CLIENT"}"#, .invalidRequest),
        ("RespondToAuthChallenge", #"{"ChallengeName":"NEW_PASSWORD_REQUIRED","ClientId":"$CLIENT","Session":"forged","ChallengeResponses":{"USERNAME":"admin","NEW_PASSWORD":"Val1d-Password"}}"#, .unauthenticated),
        ("GlobalSignOut", #"{"AccessToken":"x.y.z"}"#, .unauthenticated),
    ])
    func badRequests(operation: String, body: String, code: ServiceError.Code) async throws {
        let client = try await CognitoClient()
        let json = body.replacingOccurrences(of: "$CLIENT", with: client.pool.clientID)
        let error = await #expect(throws: ServiceError.self) {
            try await client.bus.request(Topics.authCognito, CognitoCall(operation: operation, body: Array(json.utf8), sourceAddress: nil))
        }
        #expect(error?.code == code)
    }

    @Test("refuses an expired temporary password")
    func expiredTemporaryPassword() async throws {
        let client = try await CognitoClient(AuthSettings(temporaryPasswordValidityDays: -1))
        let error = await client.error("InitiateAuth", ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client.pool.clientID,
                                                        "AuthParameters": ["USERNAME": "admin", "PASSWORD": client.temporaryPassword]])
        #expect(error == ServiceError.unauthenticated("Temporary password has expired and must be reset by an administrator."))
    }

    @Test("locks a user out after repeated failures, even for the right password")
    func lockout() async throws {
        let client = try await CognitoClient(AuthSettings(lockout: LockoutSettings(
            slowAfterFailures: 10, lockAfterFailures: 3, slowAddressAfterFailures: 100, windowSeconds: 60, lockSeconds: 60)))
        for _ in 0..<3 { _ = await client.error("InitiateAuth", ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client.pool.clientID,
                                                                 "AuthParameters": ["USERNAME": "admin", "PASSWORD": "Wr0ng-password"]]) }
        let locked = await client.error("InitiateAuth", ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client.pool.clientID,
                                                         "AuthParameters": ["USERNAME": "admin", "PASSWORD": client.temporaryPassword]])
        #expect(locked?.code == .tooManyRequests)
    }

    @Test("a concurrent burst of wrong passwords is evaluated at most lock_after_failures times")
    func concurrentBurst() async throws {
        let client = try await CognitoClient(AuthSettings(lockout: LockoutSettings(
            slowAfterFailures: 10, lockAfterFailures: 3, slowAddressAfterFailures: 100, windowSeconds: 60, lockSeconds: 60)))
        let errors = await withTaskGroup(of: ServiceError?.self) { group in
            for _ in 0..<15 { group.addTask { await client.loginError("admin", "Wr0ng-password") } }
            return await group.reduce(into: [ServiceError?]()) { $0.append($1) }
        }
        #expect(errors.filter { $0 == ServiceError.unauthenticated("Incorrect username or password.") }.count == 3)
        #expect(errors.filter { $0?.code == .tooManyRequests }.count == 12)
        #expect(await client.loginError("admin", client.temporaryPassword)?.code == .tooManyRequests)
    }

    @Test("an attempt that succeeds gives its place back: the right password does not count toward the lock")
    func successGivesBack() async throws {
        let client = try await CognitoClient(AuthSettings(lockout: LockoutSettings(
            slowAfterFailures: 10, lockAfterFailures: 2, slowAddressAfterFailures: 100, windowSeconds: 60, lockSeconds: 60)))
        _ = try await client.pool.createUser("bob", tenant: "acme", groups: [], temporaryPassword: "Temp-Passw0rd")
        for _ in 0..<3 { #expect(await client.loginError("bob", "Temp-Passw0rd") == nil) }
        #expect(await client.loginError("bob", "Wr0ng-password")?.code == .unauthenticated)
        #expect(await client.loginError("bob", "Temp-Passw0rd") == nil)
    }

    @Test("failures from one address against other users slow that address but never lock out a user not being guessed")
    func addressSlowsButDoesNotLock() async throws {
        let client = try await CognitoClient(AuthSettings(lockout: LockoutSettings(
            slowAfterFailures: 10, lockAfterFailures: 3, slowAddressAfterFailures: 2, windowSeconds: 60, lockSeconds: 60)))
        _ = try await client.pool.createUser("bob", tenant: "acme", groups: [], temporaryPassword: "Temp-Passw0rd")
        for victim in ["alice", "carol", "dave"] {
            #expect(await client.loginError(victim, "Wr0ng-password", from: "192.0.2.7")?.code == .unauthenticated)
        }
        #expect(await client.loginError("bob", "Temp-Passw0rd", from: "192.0.2.7") == nil)
        let start = ContinuousClock.now
        #expect(await client.loginError("erin", "Wr0ng-password", from: "192.0.2.7")?.code == .unauthenticated)
        #expect(ContinuousClock.now - start >= .seconds(2), "the address's fourth failure, two past its limit, waits two seconds")
    }
}
