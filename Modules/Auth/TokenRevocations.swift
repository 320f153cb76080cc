import Model
import Synchronization

/// This process's copy of `token_revocations`, so that checking a token costs a dictionary lookup, not a read of
/// `identity.sqlite`. The first check that finds the copy older than `refreshInterval` re-reads the table (it is small:
/// rows go once no token they refuse can be valid) while concurrent checks use the previous copy; revocations made by
/// this process are noted at once. So a revocation by another process (the admin CLI) holds here within
/// `refreshInterval` plus one read, 2 seconds at most.
final class TokenRevocations: Sendable {
    private struct State {
        /// Per subject, the seconds since the epoch before which its tokens are refused, and until when that matters.
        var revoked: [String: Revocation] = [:]
        /// When the last read started; nil before the first.
        var readAt: ContinuousClock.Instant?
        var reading = false
    }

    private let store: IdentityStore
    private let refreshInterval: Duration
    private let state = Mutex(State())

    init(store: IdentityStore, refreshInterval: Duration = .seconds(1)) {
        self.store = store
        self.refreshInterval = refreshInterval
    }

    /// The time (seconds since the epoch) before which `subject`'s tokens are refused, if it was revoked.
    func validAfter(_ subject: String) async -> Int64? {
        await refreshIfStale()
        return state.withLock { $0.revoked[subject]?.validAfter }
    }

    /// Notes a revocation this process just committed, so it holds here at once.
    func note(_ revocation: Revocation) {
        state.withLock { state in
            state.revoked[revocation.subject] = TokenRevocations.later(state.revoked[revocation.subject], revocation)
        }
    }

    /// Re-reads the table when the copy is stale (or was never read) and no other check is reading it. A failed read
    /// keeps the previous copy and is tried again after `refreshInterval`.
    func refreshIfStale() async {
        let started = ContinuousClock.now
        let due = state.withLock { state -> Bool in
            guard !state.reading else { return false }
            if let readAt = state.readAt, started - readAt < refreshInterval { return false }
            state.reading = true
            return true
        }
        guard due else { return }
        let nowSeconds = Timestamp.now().microseconds / 1_000_000
        let rows = try? await store.revocations(nowSeconds: nowSeconds)
        state.withLock { state in
            state.reading = false
            state.readAt = started
            guard let rows else { return }
            // Times only move forward: a revocation noted while the read ran is kept even if the read missed it.
            var revoked: [String: Revocation] = [:]
            for row in rows { revoked[row.subject] = row }
            for (subject, noted) in state.revoked where noted.keepUntil >= nowSeconds {
                revoked[subject] = TokenRevocations.later(revoked[subject], noted)
            }
            state.revoked = revoked
        }
    }

    private static func later(_ current: Revocation?, _ new: Revocation) -> Revocation {
        guard let current else { return new }
        return Revocation(subject: new.subject, validAfter: max(current.validAfter, new.validAfter),
                          keepUntil: max(current.keepUntil, new.keepUntil))
    }
}
