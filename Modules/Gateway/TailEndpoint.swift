import Bus
import Foundation
import Hummingbird
import Model
import NIOCore
import ServiceLifecycle
import Synchronization

/// `GET /logs/tail`: the tenant's entries as they are committed, as Server-Sent Events.
///
/// Each client has a buffer of `buffer_entries`; a client that falls further behind gets a final
/// `dropped` event and is disconnected, so a slow reader never holds up ingestion.
struct TailEndpoint: Sendable {
    let gateway: Gateway
    let settings: TailSettings
    let slots: SharedCapacity

    init(gateway: Gateway, settings: TailSettings) {
        self.gateway = gateway
        self.settings = settings
        self.slots = SharedCapacity(resource: "tails", capacity: settings.maxClients, what: "live tails",
                                    setting: "gateway.tail.max_clients", retryAfter: 5)
    }

    func respond(_ request: Request, context: GatewayContext) async throws -> Response {
        let principal = try await gateway.authenticate(request, context: context)
        try principal.authorize(.read)
        let minimum = try QueryParameters.minimumSeverity(try QueryString(request.uri.query, reading: ["severity"])["severity"]) ?? .debug
        let lease = try slots.lease(for: principal.claimant)
        let stream = TailStream(bus: gateway.bus, tenant: principal.tenant, minimum: minimum, settings: settings,
                                connection: context.channel)
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        headers[.connection] = "keep-alive"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { withExtendedLifetime(lease) {} }
            try await stream.run(into: &writer)
        })
    }
}

/// One client's stream: a subscription to committed entries, a bounded backlog and heartbeats.
private struct TailStream: Sendable {
    let bus: Bus
    let tenant: TenantID
    let minimum: Severity
    let settings: TailSettings
    let connection: (any Channel)?

    private enum Signal: Sendable {
        case entries([LogEntry])
        case heartbeat
    }

    /// Entries handed to the stream and not yet written; once over the limit the client is dropped.
    private struct Backlog {
        var entries = 0
        var overflowed = false
        /// Closes the connection of a dropped client that does not take its final event in time.
        var watchdog: Task<Void, Never>?
    }

    func run(into writer: inout any ResponseBodyWriter) async throws {
        let (signals, continuation) = AsyncStream<Signal>.makeStream()
        let backlog = Mutex(Backlog())
        let (tenant, minimum, limit, stall, connection) =
            (self.tenant, self.minimum, settings.bufferEntries, settings.stallSeconds, self.connection)
        let subscription = bus.subscribe(Topics.ingestCommitted) { event in
            guard event.tenant == tenant else { return }
            let wanted = event.entries.filter { $0.severity >= minimum }
            guard !wanted.isEmpty else { return }
            let accepted = backlog.withLock { backlog -> Bool in
                guard !backlog.overflowed else { return false }
                guard backlog.entries + wanted.count <= limit else {
                    backlog.overflowed = true
                    backlog.watchdog = Task {
                        try? await Task.sleep(for: .seconds(stall))
                        if !Task.isCancelled { connection?.close(promise: nil) }
                    }
                    return false
                }
                backlog.entries += wanted.count
                return true
            }
            if accepted {
                continuation.yield(.entries(wanted))
            } else {
                continuation.finish()
            }
        }
        let heartbeats = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(settings.heartbeatSeconds))
                continuation.yield(.heartbeat)
            }
        }
        defer {
            subscription.cancel()
            heartbeats.cancel()
            continuation.finish()
            backlog.withLock { $0.watchdog?.cancel() }
        }
        try await writer.write(ByteBuffer(string: ": connected\n\n"))
        // A server shutting down ends every tail, so it never waits on one.
        try await withGracefulShutdownHandler {
            try await forward(signals, backlog: backlog, into: &writer)
        } onGracefulShutdown: {
            continuation.finish()
        }
        if backlog.withLock({ $0.overflowed }) {
            try await writer.write(ByteBuffer(string: "event: dropped\ndata: {\"reason\":\"slow_consumer\"}\n\n"))
        }
        try await writer.finish(nil)
    }

    private func forward(_ signals: AsyncStream<Signal>, backlog: borrowing Mutex<Backlog>,
                         into writer: inout any ResponseBodyWriter) async throws {
        for await signal in signals {
            if backlog.withLock({ $0.overflowed }) { break }
            switch signal {
            case .heartbeat:
                try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
            case .entries(let entries):
                let encoder = JSONCoding.encoder()
                var text = ""
                for entry in entries {
                    let json = try encoder.encode(LogPageResponse.EntryJSON(entry: entry))
                    text += "event: entry\nid: \(entry.id)\ndata: \(String(decoding: json, as: UTF8.self))\n\n"
                }
                try await writer.write(ByteBuffer(string: text))
                backlog.withLock { $0.entries -= entries.count }
            }
        }
    }
}
