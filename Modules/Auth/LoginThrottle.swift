import Model
import Synchronization

/// Counts failed logins per user and per client address: past a threshold each answer is slowed,
/// further on the user or address is locked out for a while. Kept in memory (a restart clears it).
final class LoginThrottle: Sendable {
    private struct Record {
        var failures: [ContinuousClock.Instant] = []
        var lockedUntil: ContinuousClock.Instant?
    }

    private let settings: LockoutSettings
    private let records = Mutex<[String: Record]>([:])

    init(settings: LockoutSettings) {
        self.settings = settings
    }

    /// Throws `tooManyRequests` while the user or the address is locked out.
    func admit(username: String, address: String?) throws(ServiceError) {
        let now = ContinuousClock.now
        let lockedUntil = records.withLock { records in
            [LoginThrottle.userKey(username), address.map(LoginThrottle.addressKey)].compactMap { key in
                key.flatMap { records[$0]?.lockedUntil }.flatMap { $0 > now ? $0 : nil }
            }.max()
        }
        if let lockedUntil {
            let seconds = max(1, Int((lockedUntil - now).components.seconds))
            throw ServiceError(.tooManyRequests, "Password attempts exceeded; try again later.", retryAfter: seconds)
        }
    }

    /// Records a failure; returns how long to delay the answer.
    func recordFailure(username: String, address: String?) -> Duration {
        let now = ContinuousClock.now
        let window = Duration.seconds(settings.windowSeconds)
        return records.withLock { records in
            func count(_ key: String, lockAfter: Int) -> Int {
                var record = records[key] ?? Record()
                record.failures = record.failures.filter { now - $0 < window } + [now]
                if record.failures.count >= lockAfter {
                    record.lockedUntil = now + .seconds(settings.lockSeconds)
                    record.failures = []
                }
                records[key] = record
                return record.failures.count
            }
            if records.count > 100_000 { records = records.filter { $0.value.lockedUntil.map { $0 > now } ?? false } }
            let userFailures = count(LoginThrottle.userKey(username), lockAfter: settings.lockAfterFailures)
            if let address { _ = count(LoginThrottle.addressKey(address), lockAfter: settings.lockAddressAfterFailures) }
            let excess = userFailures - settings.slowAfterFailures
            return excess > 0 ? .seconds(min(excess, 5)) : .zero
        }
    }

    /// Forgets a user's failures after a successful login.
    func recordSuccess(username: String) {
        records.withLock { records in
            if records[LoginThrottle.userKey(username)]?.lockedUntil == nil {
                records[LoginThrottle.userKey(username)] = nil
            }
        }
    }

    private static func userKey(_ username: String) -> String { "user:" + username }
    private static func addressKey(_ address: String) -> String { "address:" + address }
}
