import Bus
import Foundation
import Hummingbird
import Model
import NIOCore
import QueryLanguage
import ServiceLifecycle
import Synchronization

/// `GET /logs/tail`: the tenant's entries as they are committed, as Server-Sent Events.
///
/// Each client has a buffer of `buffer_entries`; a client that falls further behind gets a final
/// `dropped` event and is disconnected, so a slow reader never holds up ingestion. The token that opened the
/// stream is verified again every second: once it is refused (expired or revoked) the stream ends with a final
/// `dropped` event saying why, and the client reconnects with a fresh token.
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
        let principal = try await gateway.admission.principal(of: request, context: context)
        try principal.authorize(.read)
        let parameters = try QueryString(request.uri.query, reading: ["severity", "query"])
        let minimum = try LogQuery.minimumSeverity(parameters["severity"]) ?? .debug
        let filter = try parameters["query"].flatMap(TailEndpoint.filter)
        let lease = try slots.lease(for: principal.claimant)
        // A principal established by an authorizer in front came with no token of ours to check again.
        let token = context.authorizedPrincipal == nil ? request.headers[.authorization].flatMap(Admission.token(fromAuthorization:)) : nil
        let stream = TailStream(bus: gateway.bus, tenant: principal.tenant, minimum: minimum, filter: filter, settings: settings,
                                connection: context.channel, token: token)
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        // A tail is the last answer on its connection: when it ends, for whatever reason, the connection closes.
        headers[.connection] = "close"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { withExtendedLifetime(lease) {} }
            try await stream.run(into: &writer)
        })
    }
}

extension TailEndpoint {
    /// The `query` parameter of a tail: filters only (no pipes), 400 naming the column when it is not a query.
    static func filter(_ text: String) throws(ServiceError) -> QueryFilter? {
        let query = try QueryParser.parseRequest(text)
        guard query.pipes.isEmpty else { throw ServiceError.invalid("query: a live tail takes filters only, no pipes") }
        return query.filter
    }
}

/// One client's stream: a subscription to committed entries, a bounded backlog and heartbeats.
private struct TailStream: Sendable {
    let bus: Bus
    let tenant: TenantID
    let minimum: Severity
    /// The query language's filter the entries must pass; `time` tests count back from each entry's arrival.
    let filter: QueryFilter?
    let settings: TailSettings
    let connection: (any Channel)?
    /// The bearer token that opened the stream, verified again every `recheckInterval`; nil when there is none.
    let token: String?

    /// How often the stream's token is verified again (an in-memory check once its verification is cached).
    static let recheckInterval: Duration = .seconds(1)

    private enum Signal: Sendable {
        case entries([LogEntry])
        case heartbeat
    }

    /// Why a stream ends before its client or the server ends it: the payload of its final `dropped` event.
    private enum Ending: Sendable {
        /// The client fell more than `buffer_entries` behind.
        case slowConsumer
        /// The stream's token is no longer accepted; the message says why (expired, revoked...).
        case refused(String)

        var finalEvent: String {
            let data = switch self {
            case .slowConsumer: #"{"reason":"slow_consumer"}"#
            case .refused(let message):
                (try? JSONCoding.encoder().encode(["message": message, "reason": ServiceError.Code.unauthenticated.rawValue]))
                    .map { String(decoding: $0, as: UTF8.self) } ?? #"{"reason":"unauthenticated"}"#
            }
            return "event: dropped\ndata: \(data)\n\n"
        }
    }

    /// Entries handed to the stream and not yet written; once over the limit the client is dropped.
    private struct Backlog {
        var entries = 0
        var ending: Ending?
        /// Closes the connection of a dropped client that does not take its final event in time.
        var watchdog: Task<Void, Never>?

        /// Ends the stream for `reason` (the first reason wins), closing the connection if the client does not take
        /// its final event within `stall` seconds.
        mutating func end(_ reason: Ending, stall: Int, connection: (any Channel)?) {
            guard ending == nil else { return }
            ending = reason
            watchdog = Task {
                try? await Task.sleep(for: .seconds(stall))
                if !Task.isCancelled { connection?.close(promise: nil) }
            }
        }
    }

    func run(into writer: inout any ResponseBodyWriter) async throws {
        let (signals, continuation) = AsyncStream<Signal>.makeStream()
        let backlog = Mutex(Backlog())
        let (tenant, minimum, filter, limit, stall, connection) =
            (self.tenant, self.minimum, self.filter, settings.bufferEntries, settings.stallSeconds, self.connection)
        let subscription = bus.subscribe(Topics.ingestCommitted) { event in
            guard event.tenant == tenant else { return }
            let now = Timestamp.now()
            let wanted = event.entries.filter { $0.severity >= minimum && filter?.matches($0, now: now) ?? true }
            guard !wanted.isEmpty else { return }
            let accepted = backlog.withLock { backlog -> Bool in
                guard backlog.ending == nil else { return false }
                guard backlog.entries + wanted.count <= limit else {
                    backlog.end(.slowConsumer, stall: stall, connection: connection)
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
        let checks = Task { [bus, token] in
            guard let token else { return }
            while !Task.isCancelled {
                try? await Task.sleep(for: TailStream.recheckInterval)
                if Task.isCancelled { return }
                do throws(ServiceError) {
                    _ = try await bus.request(Topics.authVerify, Credential(token: token))
                } catch where error.code == .unauthenticated {
                    backlog.withLock { $0.end(.refused(error.message), stall: stall, connection: connection) }
                    continuation.finish()
                    return
                } catch {
                    // Auth busy or failing: the token was not refused; check again at the next interval.
                }
            }
        }
        defer {
            subscription.cancel()
            heartbeats.cancel()
            checks.cancel()
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
        if let ending = backlog.withLock({ $0.ending }) {
            try await writer.write(ByteBuffer(string: ending.finalEvent))
        }
        try await writer.finish(nil)
    }

    private func forward(_ signals: AsyncStream<Signal>, backlog: borrowing Mutex<Backlog>,
                         into writer: inout any ResponseBodyWriter) async throws {
        for await signal in signals {
            if backlog.withLock({ $0.ending != nil }) { break }
            switch signal {
            case .heartbeat:
                try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
            case .entries(let entries):
                var text = ""
                for entry in entries {
                    text += "event: entry\nid: \(entry.id)\ndata: \(String(decoding: EntryJSON(entry: entry).json, as: UTF8.self))\n\n"
                }
                try await writer.write(ByteBuffer(string: text))
                backlog.withLock { $0.entries -= entries.count }
            }
        }
    }
}
