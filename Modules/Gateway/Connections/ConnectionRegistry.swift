import CoreMetrics
import NIOCore
import Synchronization

/// The open connections of one server: it admits a new connection only within `server.max_connections` and
/// `server.max_connections_per_address`. At the first limit it makes room by closing the connection that has been
/// idle longest (one idle for less than a second is spared: it may not have sent its request yet) or, when none
/// is, the one whose request has been arriving longest. So connections held open without requests, or with
/// requests sent a byte at a time, cannot lock others out, nor keep `/healthz` from answering. A connection whose
/// request the service is working on or answering is never closed to make room.
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

    /// A connection has this long (nanoseconds) to send its first bytes before, idle, it may be closed to make room.
    static let grace: UInt64 = 1_000_000_000

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
                var slowest: (record: ConnectionRecord, since: UInt64)?
                let settled = NIODeadline.now().uptimeNanoseconds &- ConnectionRegistry.grace
                for candidate in state.open.values {
                    switch candidate.phase {
                    case .idle(let since) where since <= settled && since < idlest?.since ?? .max: idlest = (candidate, since)
                    case .arriving(let since) where since < slowest?.since ?? .max: slowest = (candidate, since)
                    default: break
                    }
                }
                guard let chosen = idlest ?? slowest else { return (.connectionLimit, state.open.count) }
                state.remove(chosen.record)
                evicted = chosen.record
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
