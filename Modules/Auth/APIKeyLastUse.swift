import Model
import Synchronization

/// When this process last saw each API key used, kept in memory and written back to the store at most once per
/// `interval` (a minute), in one write for every key used since: never a write per request. So a key's stored
/// `last_used_at` lags its last use by up to a minute (plus the time until the next use after that minute; uses not
/// yet written are lost if the process stops), and this process's own answers (`GET /admin/api-keys`) show the
/// latest use it saw.
final class APIKeyLastUse: Sendable {
    static let defaultInterval: Duration = .seconds(60)

    private struct State {
        /// The latest use seen of each key.
        var latest: [String: Timestamp] = [:]
        /// Keys used since the last write.
        var unwritten: Set<String> = []
        /// When the last write started; nil before the first.
        var writtenAt: ContinuousClock.Instant?
        var writing = false
    }

    private let store: any APIKeyStore
    private let interval: Duration
    private let state = Mutex(State())

    init(store: any APIKeyStore, interval: Duration) {
        self.store = store
        self.interval = interval
    }

    /// Notes a use of `id` at `time`; starts a write of every unwritten use when the last one is `interval` old.
    func note(_ id: String, at time: Timestamp) {
        let instant = ContinuousClock.now
        let batch = state.withLock { state -> [String: Timestamp]? in
            if state.latest[id].map({ $0 < time }) ?? true { state.latest[id] = time }
            state.unwritten.insert(id)
            guard !state.writing, state.writtenAt.map({ instant - $0 >= interval }) ?? true else { return nil }
            state.writing = true
            state.writtenAt = instant
            let batch = Dictionary(uniqueKeysWithValues: state.unwritten.compactMap { id in state.latest[id].map { (id, $0) } })
            state.unwritten.removeAll()
            return batch
        }
        guard let batch else { return }
        Task { await self.write(batch) }
    }

    /// The latest use of `id` this process saw, if any.
    func latest(_ id: String) -> Timestamp? { state.withLock { $0.latest[id] } }

    private func write(_ batch: [String: Timestamp]) async {
        let failed: Bool
        do throws(ServiceError) {
            try await store.recordLastUse(batch)
            failed = false
        } catch {
            failed = true
        }
        state.withLock { state in
            state.writing = false
            // A failed write (a read-only disk) is tried again with the next write.
            if failed { state.unwritten.formUnion(batch.keys) }
        }
    }
}
