import CoreMetrics
import HTTPTypes
import Hummingbird
import Model
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Holds one connection to its deadlines (`ServerSettings`) and tells its `ConnectionRecord` what it is doing.
///
/// It sits after the HTTP codec and follows each request through its phases: waiting for the first byte of a
/// head (`idle_timeout_seconds`, or none while an answer is still being made), reading the head
/// (`head_timeout_seconds` from its first byte), reading the body (`body_timeout_seconds`, pushed back a
/// second per `body_min_rate` bytes, at most `body_max_seconds`), and making the answer (bounded by the bus's
/// deadlines, not here). Deadlines are measured from when a phase began, so bytes that trickle in do not push
/// them back. An answer the client does not take for `send_timeout_seconds` closes the connection too; the
/// answer after `max_requests_per_connection` requests or `max_connection_age_seconds` carries
/// `Connection: close`, and an answer that says `Connection: close` itself (a live tail) closes the connection once
/// it is sent. When the client closes its side while a request is in progress, the work for it is
/// cancelled. Every check runs on the connection's event loop, once a second.
///
/// Bytes the HTTP parser refuses are answered here with the documented JSON error (`ServiceError(malformed:)`),
/// after the answers to the requests before them, and the connection closes: a head that does not parse never
/// reaches the router. A malformed body fails the body stream of its request, whose route answers 400.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Inbound {
        case waiting(since: NIODeadline)
        case head(since: NIODeadline)
        case body(since: NIODeadline, received: Int)
        /// The request was read; nothing is expected of the client until its answer has been sent.
        case read
    }

    private let settings: ServerSettings
    private let record: ConnectionRecord
    private let opened = NIODeadline.now()
    private var inbound: Inbound
    /// Requests whose head arrived and whose answer has not been sent yet.
    private var outstanding = 0
    private var requests = 0
    /// The next answer carries `Connection: close` and the connection closes after it.
    private var closing = false
    private var unwritableSince: NIODeadline?
    /// The answer to a head the parser refused, sent once the answers before it are.
    private var refusal: ServiceError?
    private var check: Scheduled<Void>?

    private static let closes = ["idle", "head_timeout", "body_timeout", "send_timeout", "max_age"].reduce(into: [String: Counter]()) {
        $0[$1] = Counter(label: "logsvc_connections_closed_total", dimensions: [("reason", $1)])
    }

    init(settings: ServerSettings, record: ConnectionRecord) {
        self.settings = settings
        self.record = record
        self.inbound = .waiting(since: opened)
    }

    func handlerAdded(context: ChannelHandlerContext) { scheduleCheck(context) }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
    }

    /// Bytes arrived from the client, before the codec parsed them: the first byte of a head starts its deadline.
    fileprivate func bytesArrived() {
        if case .waiting = inbound {
            let now = NIODeadline.now()
            inbound = .head(since: now)
            if outstanding == 0 { record.markArriving(now) }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requests += 1
            outstanding += 1
            inbound = .body(since: .now(), received: 0)
            if requests >= settings.maxRequestsPerConnection || age >= .seconds(Int64(settings.maxConnectionAgeSeconds)) {
                closing = true
            }
        case .body(let chunk):
            if case .body(let since, let received) = inbound { inbound = .body(since: since, received: received + chunk.readableBytes) }
        case .end:
            inbound = .read
            record.markServing()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response) where closing:
            response.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .head(let response) where response.headerFields[.connection]?.lowercased() == "close":
            closing = true
            context.write(data, promise: promise)
        case .end:
            // An answer to a head that never parsed (400, then close) ends no request of ours.
            outstanding = max(0, outstanding - 1)
            if case .read = inbound { inbound = .waiting(since: .now()) }
            let sent = record.takeAnswerSentAction()
            let close = closing && outstanding == 0
            var promise = promise
            if sent != nil || close {
                let written = promise ?? context.eventLoop.makePromise()
                written.futureResult.assumeIsolated().whenComplete { _ in
                    sent?()
                    if close { context.close(promise: nil) }
                }
                promise = written
            }
            guard outstanding == 0, !close else { return context.write(data, promise: promise) }
            switch inbound {
            case .waiting:
                let now = NIODeadline.now()
                inbound = .waiting(since: now)
                record.markIdle(now)
            case .head(let since), .body(let since, _):
                record.markArriving(since)
            case .read:
                break
            }
            context.write(data, promise: promise)
            if refusal != nil { refuse(context) }
        default:
            context.write(data, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Once a head is refused, the parser only reports the bytes that follow it.
        guard refusal == nil else { return }
        guard let error = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        if case .body = inbound { return context.fireErrorCaught(ServiceError(malformed: error, inBody: true)) }
        // A head cut short by the end of the client's bytes (it left, or the connection was closed to make room) has
        // nobody to answer: the connection closes at once, as it did before the parser saw the end.
        guard context.channel.isActive, error != .invalidEOFState else { return context.close(promise: nil) }
        refusal = ServiceError(malformed: error, inBody: false)
        if outstanding == 0 { refuse(context) }
    }

    /// Sends `refusal` and closes the connection.
    private func refuse(_ context: ChannelHandlerContext) {
        guard let refusal else { return }
        let (answer, body) = JSONResponse.errorParts(refusal)
        var head = answer
        head.headerFields[.requestID] = RequestID().description
        head.headerFields[.contentLength] = String(body.readableBytes)
        head.headerFields[.connection] = "close"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            // A lingering close: closing at once while the client is still sending would reset the connection, and
            // a reset can discard the answer before the client reads it. So the output is shut, what the client still
            // sends is dropped, and the connection closes when the client closes it or a second later.
            let halfClosed = context.eventLoop.makePromise(of: Void.self)
            halfClosed.futureResult.assumeIsolated().whenFailure { _ in context.close(promise: nil) }
            context.close(mode: .output, promise: halfClosed)
            context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) { context.close(promise: nil) }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        unwritableSince = context.channel.isWritable ? nil : .now()
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case ChannelEvent.inputClosed:
            if outstanding > 0 { record.cancelWork() }
        case is ChannelShouldQuiesceEvent:
            // The server is shutting down: an idle connection closes now, a busy one after its answer.
            if outstanding == 0 { context.close(promise: nil) } else { closing = true }
            return
        default:
            break
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if outstanding > 0 { record.cancelWork() }
        record.takeAnswerSentAction()?()
        check?.cancel()
        check = nil
        context.fireChannelInactive()
    }

    private var age: TimeAmount { .now() - opened }

    private func scheduleCheck(_ context: ChannelHandlerContext) {
        check = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) {
            self.checkDeadlines(context)
        }
    }

    private func checkDeadlines(_ context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let now = NIODeadline.now()
        if let reason = expired(now) {
            ConnectionGuard.closes[reason]?.increment()
            context.close(promise: nil)
            return
        }
        scheduleCheck(context)
    }

    /// Why the connection must close now, if it must.
    private func expired(_ now: NIODeadline) -> String? {
        func seconds(_ value: Int) -> TimeAmount { .seconds(Int64(value)) }
        if let since = unwritableSince, now - since > seconds(settings.sendTimeoutSeconds) { return "send_timeout" }
        switch inbound {
        case .waiting(let since) where outstanding == 0:
            if now - since > seconds(settings.idleTimeoutSeconds) { return "idle" }
            if now - opened > seconds(settings.maxConnectionAgeSeconds) { return "max_age" }
        case .head(let since):
            if now - since > seconds(settings.headTimeoutSeconds) { return "head_timeout" }
        case .body(let since, let received):
            let earned = settings.bodyMinRate > 0 ? received / settings.bodyMinRate : 0
            let allowed = min(settings.bodyTimeoutSeconds + earned, settings.bodyMaxSeconds)
            if now - since > seconds(allowed) { return "body_timeout" }
        case .waiting, .read:
            break
        }
        return nil
    }
}

/// Sits before the HTTP codec and tells the connection's `ConnectionGuard` that bytes arrived, so a request's
/// head is timed from its first byte rather than from when the codec has parsed all of it.
final class ArrivalObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let connection: ConnectionGuard

    init(_ connection: ConnectionGuard) { self.connection = connection }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.bytesArrived()
        context.fireChannelRead(data)
    }
}
