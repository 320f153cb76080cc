import Model
import Synchronization

/// Counts login attempts per account and per client address, in memory (a restart clears it).
///
/// An attempt takes its place at admission, before the password is checked, so attempts in flight count like failed
/// ones: however many arrive at once, an account gets at most `lockAfterFailures` wrong answers per window before it
/// is locked for `lockSeconds`. A success gives its place back and clears the account's failures. Failures from one
/// address, whatever the account, past `slowAddressAfterFailures` slow that address's further failed answers; they
/// never lock the address, so the other users behind one proxy or NAT log in with their right passwords.
final class LoginThrottle: Sendable {
    private struct Record {
        var failures: [ContinuousClock.Instant] = []
        var inFlight = 0
        var lockedUntil: ContinuousClock.Instant?

        var isIdle: Bool { failures.isEmpty && inFlight == 0 && lockedUntil == nil }
    }

    private enum Outcome {
        case succeeded, failed, undecided
    }

    private let settings: LockoutSettings
    private let records = Mutex<[String: Record]>([:])
    private static let maxDelaySeconds = 5
    private static let maxRecords = 100_000

    init(settings: LockoutSettings) {
        self.settings = settings
    }

    /// Runs `check` as one attempt to log in to `account` from `address`: nil from `check` is a wrong credential, a
    /// value is a right one, and an error leaves the attempt undecided (its place is given back). Returns nil after a
    /// wrong credential, once its delay has passed: one second per failure of the account past `slowAfterFailures`,
    /// or of the address past `slowAddressAfterFailures`, at most five.
    ///
    /// - Throws: 429 `too_many_requests` with `Retry-After`, without calling `check`, while the account is locked or
    ///   holds as many failures and attempts in flight as would lock it; `check`'s errors.
    func attempt<Value: Sendable>(account: String, address: String?,
                                  _ check: () async throws(ServiceError) -> Value?) async throws(ServiceError) -> Value? {
        try admit(account: account)
        let value: Value?
        do {
            value = try await check()
        } catch {
            _ = settle(account: account, address: address, .undecided)
            throw error
        }
        guard value == nil else {
            _ = settle(account: account, address: address, .succeeded)
            return value
        }
        let delay = settle(account: account, address: address, .failed)
        if delay > .zero { try? await Task.sleep(for: delay) }
        return nil
    }

    /// Takes a place for one attempt of `account`; 429 while it is locked or its places are taken (attempts in
    /// flight then settle within a second: as failures that lock it, or as a success that clears it).
    private func admit(account: String) throws(ServiceError) {
        let now = ContinuousClock.now
        let window = Duration.seconds(settings.windowSeconds)
        let refusal: Duration? = records.withLock { records in
            if records.count > LoginThrottle.maxRecords {
                records = records.filter { $0.value.inFlight > 0 || $0.value.lockedUntil.map { $0 > now } ?? false }
            }
            var user = records[LoginThrottle.accountKey(account)] ?? Record()
            if let until = user.lockedUntil {
                if until > now { return until - now }
                user.lockedUntil = nil
            }
            user.failures.removeAll { now - $0 >= window }
            let full = user.failures.count + user.inFlight >= settings.lockAfterFailures
            if !full { user.inFlight += 1 }
            records[LoginThrottle.accountKey(account)] = user.isIdle ? nil : user
            return full ? .seconds(1) : nil
        }
        if let refusal {
            throw ServiceError(.tooManyRequests, "Password attempts exceeded; try again later.",
                               retryAfter: max(1, Int(refusal.components.seconds)))
        }
    }

    /// Ends an admitted attempt; returns how long to delay a failed one's answer.
    private func settle(account: String, address: String?, _ outcome: Outcome) -> Duration {
        let now = ContinuousClock.now
        let window = Duration.seconds(settings.windowSeconds)
        return records.withLock { records in
            let userKey = LoginThrottle.accountKey(account)
            var user = records[userKey] ?? Record()
            user.inFlight = max(0, user.inFlight - 1)
            user.failures.removeAll { now - $0 >= window }
            var addressExcess = 0
            if let address, outcome == .failed {
                let key = LoginThrottle.addressKey(address)
                var record = records[key] ?? Record()
                record.failures.removeAll { now - $0 >= window }
                record.failures.append(now)
                addressExcess = record.failures.count - settings.slowAddressAfterFailures
                records[key] = record
            }
            switch outcome {
            case .succeeded: user.failures = []
            case .undecided: break
            case .failed:
                user.failures.append(now)
                if user.failures.count >= settings.lockAfterFailures {
                    user.lockedUntil = now + .seconds(settings.lockSeconds)
                    user.failures = []
                }
            }
            let userExcess = outcome == .failed && user.lockedUntil == nil ? user.failures.count - settings.slowAfterFailures : 0
            records[userKey] = user.isIdle ? nil : user
            guard outcome == .failed else { return .zero }
            return .seconds(min(max(userExcess, addressExcess, 0), LoginThrottle.maxDelaySeconds))
        }
    }

    private static func accountKey(_ account: String) -> String { "account:" + account }
    private static func addressKey(_ address: String) -> String { "address:" + address }
}
