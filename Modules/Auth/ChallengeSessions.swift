import CryptoPrimitives
import Model
import Synchronization

/// The opaque `Session` of a NEW_PASSWORD_REQUIRED challenge: single use, valid three minutes
/// (as Cognito's), kept in memory.
final class ChallengeSessions: Sendable {
    private struct Session {
        let username: String
        let clientID: String
        let expires: ContinuousClock.Instant
    }

    private let sessions = Mutex<[String: Session]>([:])
    private let lifetime: Duration = .seconds(180)

    func open(username: String, clientID: String) throws(ServiceError) -> String {
        let token: String
        do { token = Base64URL.encode(try SecureRandom.bytes(48)) } catch { throw ServiceError.internalError("no randomness") }
        let now = ContinuousClock.now
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expires > now }
            sessions[token] = Session(username: username, clientID: clientID, expires: now + lifetime)
        }
        return token
    }

    /// The user the session was opened for; the session is used up either way.
    func take(_ token: String, clientID: String) throws(ServiceError) -> String {
        let session = sessions.withLock { $0.removeValue(forKey: token) }
        guard let session, session.expires > ContinuousClock.now, session.clientID == clientID else {
            throw ServiceError.unauthenticated("Invalid session for the user, session is expired.")
        }
        return session.username
    }
}
