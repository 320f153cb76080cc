import Foundation
import Logging
import Model

/// The Cognito Identity Provider operations of the local pool, on Cognito's JSON wire protocol:
/// InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH), RespondToAuthChallenge
/// (NEW_PASSWORD_REQUIRED), GlobalSignOut and ChangePassword.
struct CognitoService: Sendable {
    let pool: UserPool
    let verifier: TokenVerifier
    let throttle: LoginThrottle
    let sessions = ChallengeSessions()
    let logger: Logger

    static let operations = ["InitiateAuth", "RespondToAuthChallenge", "GlobalSignOut", "ChangePassword"]

    func handle(_ call: CognitoCall) async throws(ServiceError) -> CognitoReply {
        let reply: any Encodable
        switch call.operation {
        case "InitiateAuth": reply = try await initiateAuth(try decode(call.body), address: call.sourceAddress)
        case "RespondToAuthChallenge": reply = try await respondToAuthChallenge(try decode(call.body))
        case "GlobalSignOut": reply = try await globalSignOut(try decode(call.body))
        case "ChangePassword": reply = try await changePassword(try decode(call.body), address: call.sourceAddress)
        default:
            throw ServiceError(.methodNotAllowed,
                               "\(call.operation) is not supported; the local pool serves \(CognitoService.operations.joined(separator: ", "))")
        }
        do {
            return CognitoReply(body: Array(try JSONCoding.encoder().encode(reply)))
        } catch {
            throw ServiceError.internalError("cannot encode the reply")
        }
    }

    private func initiateAuth(_ request: CognitoMessages.InitiateAuth, address: String?) async throws(ServiceError) -> any Encodable {
        try checkClient(request.ClientId)
        let parameters = request.AuthParameters ?? [:]
        switch request.AuthFlow {
        case "USER_PASSWORD_AUTH":
            let username = try required(parameters["USERNAME"], "USERNAME")
            let password = try required(parameters["PASSWORD"], "PASSWORD")
            let user = try await authenticate(username, password, address: address)
            if user.status == .forceChangePassword {
                if let expiry = user.temporaryPasswordExpiresAt, expiry < .now() {
                    throw ServiceError.unauthenticated("Temporary password has expired and must be reset by an administrator.")
                }
                return CognitoMessages.Challenge(
                    ChallengeName: "NEW_PASSWORD_REQUIRED",
                    ChallengeParameters: ["USER_ID_FOR_SRP": user.username, "requiredAttributes": "[]",
                                          "userAttributes": #"{"custom:tenant":"\#(user.tenant)"}"#],
                    Session: try sessions.open(username: user.username, clientID: pool.clientID))
            }
            return CognitoMessages.Authenticated(AuthenticationResult: try await pool.tokens(for: user, withRefreshToken: true))
        case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
            let token = try required(parameters["REFRESH_TOKEN"], "REFRESH_TOKEN")
            let invalid = ServiceError.unauthenticated("Invalid Refresh Token")
            guard let record = try await pool.store.refreshToken(hash: UserPool.storedHash(token)),
                  record.clientID == pool.clientID, record.expiresAt > .now(),
                  let user = try await pool.store.user(record.username), user.enabled else { throw invalid }
            return CognitoMessages.Authenticated(AuthenticationResult: try await pool.tokens(for: user, withRefreshToken: false))
        case nil:
            throw ServiceError.invalid("Missing required parameter AuthFlow")
        case _?:
            throw ServiceError.invalid("The auth flow is not supported by this pool; use USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH")
        }
    }

    private func respondToAuthChallenge(_ request: CognitoMessages.RespondToAuthChallenge) async throws(ServiceError) -> any Encodable {
        try checkClient(request.ClientId)
        guard request.ChallengeName == "NEW_PASSWORD_REQUIRED" else {
            throw ServiceError.invalid("Only the NEW_PASSWORD_REQUIRED challenge is supported")
        }
        let session = try required(request.Session, "Session")
        let responses = request.ChallengeResponses ?? [:]
        let username = try required(responses["USERNAME"], "USERNAME")
        let newPassword = try required(responses["NEW_PASSWORD"], "NEW_PASSWORD")
        try pool.settings.passwordPolicy.check(newPassword)
        guard try sessions.take(session, clientID: pool.clientID) == username,
              let user = try await pool.store.user(username), user.enabled, user.status == .forceChangePassword else {
            throw ServiceError.unauthenticated("Invalid session for the user, session is expired.")
        }
        try await pool.store.setPassword(username, hash: try await PasswordHash.make(newPassword, iterations: pool.settings.passwordHashIterations), status: .confirmed,
                                         temporaryUntil: nil)
        logger.info("user set a new password", metadata: ["user": "\(username)"])
        guard let confirmed = try await pool.store.user(username) else { throw ServiceError.unauthenticated("User does not exist.") }
        return CognitoMessages.Authenticated(AuthenticationResult: try await pool.tokens(for: confirmed, withRefreshToken: true))
    }

    private func globalSignOut(_ request: CognitoMessages.GlobalSignOut) async throws(ServiceError) -> any Encodable {
        let user = try await accessTokenUser(request.AccessToken)
        try await pool.signOut(user)
        logger.info("user signed out globally", metadata: ["user": "\(user)"])
        return CognitoMessages.Empty()
    }

    private func changePassword(_ request: CognitoMessages.ChangePassword, address: String?) async throws(ServiceError) -> any Encodable {
        let username = try await accessTokenUser(request.AccessToken)
        let previous = try required(request.PreviousPassword, "PreviousPassword")
        let proposed = try required(request.ProposedPassword, "ProposedPassword")
        try pool.settings.passwordPolicy.check(proposed)
        _ = try await authenticate(username, previous, address: address)
        try await pool.store.setPassword(username, hash: try await PasswordHash.make(proposed, iterations: pool.settings.passwordHashIterations), status: .confirmed,
                                         temporaryUntil: nil)
        return CognitoMessages.Empty()
    }

    /// A machine client's access token, with failed secrets throttled like failed passwords.
    func clientCredentials(_ grant: ClientCredentialsGrant) async throws(ServiceError) -> IssuedAccessToken {
        let token = try await throttle.attempt(account: "client:" + grant.clientID, address: grant.sourceAddress) {
            () throws(ServiceError) -> IssuedAccessToken? in
            do throws(ServiceError) {
                return try await pool.accessToken(forClient: grant.clientID, secret: grant.clientSecret)
            } catch {
                guard error.code == .unauthenticated else { throw error }
                return nil
            }
        }
        guard let token else {
            logger.info("failed client authentication", metadata: ["client": "\(grant.clientID.prefix(64))"])
            throw ServiceError.unauthenticated("invalid client credentials")
        }
        return token
    }

    /// The user whose password this is, with failures slowed and locked out; the same answer for
    /// an unknown user as for a wrong password, so usernames cannot be enumerated.
    private func authenticate(_ username: String, _ password: String, address: String?) async throws(ServiceError) -> UserRecord {
        let user = try await throttle.attempt(account: username, address: address) { () throws(ServiceError) -> UserRecord? in
            let user = try await pool.store.user(username)
            guard await PasswordHash.verify(password, against: user?.passwordHash,
                                            decoyIterations: pool.settings.passwordHashIterations), let user else { return nil }
            guard user.enabled else { throw ServiceError.unauthenticated("User is disabled.") }
            return user
        }
        guard let user else {
            logger.info("failed login", metadata: ["user": "\(username.prefix(64))", "address": "\(address ?? "-")"])
            throw ServiceError.unauthenticated("Incorrect username or password.")
        }
        return user
    }

    private func accessTokenUser(_ token: String?) async throws(ServiceError) -> String {
        let token = try required(token, "AccessToken")
        let verified: VerifiedToken
        do { verified = try await verifier.verifyLocal(token) } catch {
            throw ServiceError.unauthenticated("Invalid Access Token")
        }
        guard verified.tokenUse == .access, verified.clientID == pool.clientID else {
            throw ServiceError.unauthenticated("Invalid Access Token")
        }
        return verified.principal.subject
    }

    private func checkClient(_ clientID: String?) throws(ServiceError) {
        let clientID = try required(clientID, "ClientId")
        guard clientID == pool.clientID else {
            throw ServiceError(.notFound, "User pool client does not exist.")
        }
    }

    private func required(_ value: String?, _ name: String) throws(ServiceError) -> String {
        guard let value, !value.isEmpty else { throw ServiceError.invalid("Missing required parameter \(name)") }
        return value
    }

    private func decode<T: Decodable>(_ body: [UInt8]) throws(ServiceError) -> T {
        do { return try JSONCoding.decoder().decode(T.self, from: Data(body)) } catch {
            throw ServiceError.invalid("The request body is not valid: \(JSONCoding.describe(error))")
        }
    }
}
