public import Bus
public import Logging
import Model

/// The Auth module: proves who a caller is (`auth.verify`) and publishes its keys (`auth.keys`).
public struct AuthModule: Sendable {
    public static let name = "auth"

    let verifier: TokenVerifier
    let identity: LocalIdentity
    let logger: Logger

    public init(identity: LocalIdentity, settings: AuthSettings, logger: Logger) {
        self.identity = identity
        self.verifier = TokenVerifier(identity: identity, settings: settings)
        self.logger = logger
    }

    public func register(on bus: Bus) throws(BusError) {
        try bus.serve(Topics.authVerify, by: AuthModule.name) { credential in
            do throws(ServiceError) {
                return try self.verifier.verify(credential.token)
            } catch {
                self.logger.info("rejected a token", metadata: ["reason": "\(error.message)"])
                throw error
            }
        }
        try bus.serve(Topics.authKeys, by: AuthModule.name) { _ in self.identity.jwks }
    }
}
