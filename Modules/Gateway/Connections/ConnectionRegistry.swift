import CoreMetrics
import NIOCore
import Synchronization

/// The open connections of one server: it admits a new connection only within `server.max_connections` and
/// `server.max_connections_per_address`, and at the first limit makes room by closing the connection that has
/// been idle longest, so connections held open without requests cannot lock others out.
final class ConnectionRegistry: Sendable {
    private let maxConnections: Int
    private let maxPerAddress: Int
    private let state = Mutex(State())
    private let openGauge = Gauge(label: "logsvc_connections_open")
    private let refusedAtAddressLimit = Counter(label: "logsvc_connections_refused_total", dimensions: [("reason", "address_limit")])
    private let refusedAtLimit = Counter(label: "logsvc_connections_refused_total", dimensions: [("reason", "connection_limit")])
    private let evictions = Counter(label: "logsvc_connections_evicted_total")

    private struct State {
        var open: [ObjectIdentifier: ConnectionRecord] = [:]
        var perAddress: [String: Int] = [:]

        mutating func insert(_ record: ConnectionRecord) {
            open[ObjectIdentifier(record.channel)] = record
            perAddress[record.address, default: 0] += 1
        }

        mutating func remove(_ record: ConnectionRecord) {
            guard open.removeValue(forKey: ObjectIdentifier(record.channel)) != nil else { return }
            let left = (perAddress[record.address] ?? 1) - 1
            perAddress[record.address] = left > 0 ? left : nil
        }
    }

    init(maxConnections: Int, maxPerAddress: Int) {
        self.maxConnections = maxConnections
        self.maxPerAddress = maxPerAddress
    }

    /// The record of `channel` if it may be served; nil when it must be closed at once.
    func admit(_ channel: any Channel) -> ConnectionRecord? {
        let record = ConnectionRecord(channel: channel, address: channel.remoteAddress?.ipAddress ?? "")
        enum Outcome { case admitted(evicting: ConnectionRecord?), addressLimit, connectionLimit }
        let (outcome, open) = state.withLock { state -> (Outcome, Int) in
            if maxPerAddress > 0, state.perAddress[record.address, default: 0] >= maxPerAddress {
                return (.addressLimit, state.open.count)
            }
            var evicted: ConnectionRecord?
            if state.open.count >= maxConnections {
                var idlest: (record: ConnectionRecord, since: UInt64)?
                for candidate in state.open.values {
                    if let since = candidate.idleSince, since < idlest?.since ?? .max { idlest = (candidate, since) }
                }
                guard let idlest else { return (.connectionLimit, state.open.count) }
                state.remove(idlest.record)
                evicted = idlest.record
            }
            state.insert(record)
            return (.admitted(evicting: evicted), state.open.count)
        }
        switch outcome {
        case .admitted(let evicted):
            openGauge.record(open)
            if let evicted {
                evictions.increment()
                evicted.channel.close(promise: nil)
            }
            channel.closeFuture.whenComplete { _ in self.remove(record) }
            return record
        case .addressLimit:
            refusedAtAddressLimit.increment()
            return nil
        case .connectionLimit:
            refusedAtLimit.increment()
            return nil
        }
    }

    private func remove(_ record: ConnectionRecord) {
        openGauge.record(state.withLock { state in
            state.remove(record)
            return state.open.count
        })
    }
}

/// One open connection as the registry and its `ConnectionGuard` share it: whether it is idle, and the task
/// serving it, which is cancelled when the client goes away mid-request.
final class ConnectionRecord: Sendable {
    let channel: any Channel
    let address: String
    /// When the connection became idle (`NIODeadline` nanoseconds), or 0 while a request is in progress.
    private let idle = Atomic<UInt64>(NIODeadline.now().uptimeNanoseconds)
    private let work = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))

    init(channel: any Channel, address: String) {
        self.channel = channel
        self.address = address
    }

    var idleSince: UInt64? {
        let since = idle.load(ordering: .relaxed)
        return since == 0 ? nil : since
    }

    func markIdle(_ now: NIODeadline) { idle.store(max(1, now.uptimeNanoseconds), ordering: .relaxed) }
    func markBusy() { idle.store(0, ordering: .relaxed) }

    /// The task serving the connection; cancelled at once if the client has already gone.
    func attach(_ task: Task<Void, Never>) {
        let cancelled = work.withLock { work -> Bool in
            work.task = task
            return work.cancelled
        }
        if cancelled { task.cancel() }
    }

    /// Cancels the work in progress for this connection (its client went away).
    func cancelWork() {
        let task = work.withLock { work -> Task<Void, Never>? in
            work.cancelled = true
            return work.task
        }
        task?.cancel()
    }
}
