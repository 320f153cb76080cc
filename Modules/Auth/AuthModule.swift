public import Bus
public import Logging
import Model

/// The Auth module: proves who a caller is (`auth.verify`: tokens and API keys), administers API keys
/// (`auth.api_keys`) and, with a local pool, runs its Cognito-compatible login API (`auth.cognito`, `auth.token`) and
/// publishes its signing keys (`auth.keys`) and its app client (`auth.app_client`); an administrator manages its
/// tenant's users in it (`auth.users`).
public struct AuthModule: Sendable {
    public static let name = "auth"

    let verifier: TokenVerifier
    let pool: UserPool?
    let apiKeys: APIKeyring?
    let cognito: CognitoService?
    let failures = AuthFailureMetrics()
    let logger: Logger

    /// Without a pool, only tokens of `settings.issuers` are accepted, with the keys of `apiKeys` (the DynamoDB
    /// table's) when given; a pool brings its own keys.
    public init(pool: UserPool?, apiKeys: APIKeyring? = nil, settings: AuthSettings, logger: Logger) {
        let keys = apiKeys ?? pool?.apiKeyring
        let verifier = TokenVerifier(pool: pool, apiKeys: keys, settings: settings, logger: logger)
        self.pool = pool
        self.apiKeys = keys
        self.verifier = verifier
        self.cognito = pool.map {
            CognitoService(pool: $0, verifier: verifier, throttle: LoginThrottle(settings: settings.lockout), logger: logger)
        }
        self.logger = logger
    }

    public func register(on bus: Bus) throws(BusError) {
        try bus.serve(Topics.authVerify, by: AuthModule.name) { credential in
            do throws(ServiceError) {
                return try await self.verifier.verify(credential.token, accepting: credential.accepting)
            } catch {
                if error.code == .unauthenticated { self.failures.record(error.reason) }
                // Counted by reason in logsvc_auth_failures_total; logged only at debug, so that a flood of forged
                // tokens cannot flood the service's log. The message never holds the token or key.
                self.logger.debug("rejected a token", metadata: ["reason": "\(error.message)"])
                throw error
            }
        }
        if let apiKeys {
            try bus.serve(Topics.authAPIKeys, by: AuthModule.name) { request in try await apiKeys.handle(request) }
        }
        guard let pool, let cognito else { return }
        try bus.serve(Topics.authCognito, by: AuthModule.name) { call in
            do throws(ServiceError) {
                return try await cognito.handle(call)
            } catch {
                switch error.code {
                case .unauthenticated: self.failures.record("login_refused")
                case .tooManyRequests: self.failures.record("login_throttled")
                default: break
                }
                throw error
            }
        }
        try bus.serve(Topics.authToken, by: AuthModule.name) { grant in
            do throws(ServiceError) {
                return try await cognito.clientCredentials(grant)
            } catch {
                if error.code == .unauthenticated { self.failures.record("client_refused") }
                throw error
            }
        }
        try bus.serve(Topics.authKeys, by: AuthModule.name) { request in
            if let poolID = request.userPoolID, poolID != pool.userPoolID {
                throw ServiceError(.notFound, "no such user pool")
            }
            return try await pool.jwks()
        }
        try bus.serve(Topics.authUsers, by: AuthModule.name) { request in try await pool.handle(request) }
        try bus.serve(Topics.authAppClient, by: AuthModule.name) { _ in
            AppClient(userPoolID: pool.userPoolID, clientID: pool.clientID, passwordPolicy: pool.settings.passwordPolicy)
        }
    }
}
