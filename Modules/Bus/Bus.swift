public import Logging
public import Model
import Synchronization

/// The in-process message bus: typed request/reply between modules, with bounded lanes per topic.
///
/// Routes come from configuration and say which module serves each topic; a module can only
/// serve a topic routed to it, and only if this process hosts that module.
public final class Bus: Sendable {
    /// When the bus answers the request being handled `timeout` (its route's `timeout_ms` after it was sent): set
    /// for a handler's work, so that work with a budget of its own (a scan) can end in time to answer; nil outside.
    @TaskLocal public static var replyDeadline: ContinuousClock.Instant?

    private let routes: [String: Route]
    private let hostedModules: Set<String>
    private let logger: Logger
    private let handlers = Mutex<[String: Handler]>([:])
    private let deadlines = DeadlineTimer()
    let subscriptions = Subscriptions()

    struct Handler: Sendable {
        let lane: Lane
        let call: @Sendable (any Sendable) async throws -> any Sendable
    }

    /// Throws if a route names an unknown topic, a non-positive bound, or a module not in `knownModules`.
    public init(routes: [String: Route], hostedModules: Set<String>, knownModules: Set<String>,
                logger: Logger) throws(BusError) {
        for (topic, route) in routes.sorted(by: { $0.key < $1.key }) {
            guard Topics.allNames.contains(topic) else {
                throw BusError("route for unknown topic '\(topic)'; topics are \(Topics.allNames.joined(separator: ", "))")
            }
            guard knownModules.contains(route.module) else {
                throw BusError("topic '\(topic)' is routed to unknown module '\(route.module)'")
            }
            guard route.concurrency > 0, route.queue >= 0, route.timeoutMilliseconds > 0 else {
                throw BusError("topic '\(topic)' needs concurrency > 0, queue >= 0 and timeout_ms > 0")
            }
        }
        for module in hostedModules where !knownModules.contains(module) {
            throw BusError("unknown module '\(module)'; modules are \(knownModules.sorted().joined(separator: ", "))")
        }
        self.routes = routes
        self.hostedModules = hostedModules
        self.logger = logger
    }

    /// True if this process hosts `module`.
    public func hosts(_ module: String) -> Bool { hostedModules.contains(module) }

    /// Registers `module` as the server of `topic`.
    public func serve<Request, Response>(
        _ topic: Topic<Request, Response>, by module: String,
        _ handler: @escaping @Sendable (Request) async throws -> Response
    ) throws(BusError) {
        guard let route = routes[topic.name] else {
            throw BusError("no route configured for topic '\(topic.name)'")
        }
        guard route.module == module else {
            throw BusError("topic '\(topic.name)' is routed to '\(route.module)', not '\(module)'")
        }
        guard hostedModules.contains(module) else {
            throw BusError("module '\(module)' is not hosted by this process")
        }
        let handler = Handler(lane: Lane(topic: topic.name, route: route)) { request in
            guard let request = request as? Request else {
                throw ServiceError.internalError("bus message of the wrong type for \(topic.name)")
            }
            return try await handler(request)
        }
        try handlers.withLock { (handlers) throws(BusError) in
            guard handlers[topic.name] == nil else {
                throw BusError("topic '\(topic.name)' already has a server")
            }
            handlers[topic.name] = handler
        }
    }

    /// Sends `request` to the module serving `topic` and waits for its reply; `claimant` is who the
    /// request is for when it comes from a client, so the topic's lane is shared fairly (`FairShare`).
    ///
    /// Throws the handler's `ServiceError`, `overloaded` when the topic's lane is full, `tooManyRequests`
    /// when `claimant` holds its share of it, `timeout` past the route's deadline, `unavailable` when no
    /// hosted module serves the topic.
    public func request<Request, Response>(_ topic: Topic<Request, Response>, _ request: Request, for claimant: Claimant? = nil)
        async throws(ServiceError) -> Response
    {
        try await send(topic, request, to: try handler(of: topic), for: claimant, reserved: false)
    }

    /// Reserves a place in `topic`'s lane for one request of `claimant` before the work of making it (reading and
    /// decoding its body) is spent, and runs `body` with it; throws at once what `request` would be refused with.
    /// The reserved place counts against the lane's places and the claimant's share, but takes a running slot only
    /// when its request is sent (`place.request(_:)`, never refused for lack of room), so a client slow to send
    /// a body holds a place in the queue, never a slot others could run in.
    public func withPlace<Request, Response, T>(
        in topic: Topic<Request, Response>, for claimant: Claimant?, _ body: (LanePlace<Request, Response>) async throws -> T
    ) async throws -> T {
        let handler = try handler(of: topic)
        try handler.lane.reserve(for: claimant)
        let place = LanePlace(bus: self, topic: topic, handler: handler, claimant: claimant)
        defer { if place.take() { handler.lane.cancelReservation(for: claimant) } }
        return try await body(place)
    }

    func request<Request, Response>(_ topic: Topic<Request, Response>, _ request: Request, holding place: LanePlace<Request, Response>)
        async throws(ServiceError) -> Response
    {
        try await send(topic, request, to: place.handler, for: place.claimant, reserved: place.take())
    }

    private func handler<Request, Response>(of topic: Topic<Request, Response>) throws(ServiceError) -> Handler {
        guard let handler = handlers.withLock({ $0[topic.name] }) else {
            throw ServiceError.unavailable("no module in this process serves \(topic.name)")
        }
        return handler
    }

    private func send<Request, Response>(_ topic: Topic<Request, Response>, _ request: Request, to handler: Handler,
                                         for claimant: Claimant?, reserved: Bool) async throws(ServiceError) -> Response
    {
        let lane = handler.lane
        do {
            let reply = try await deadlines.run(milliseconds: lane.route.timeoutMilliseconds) {
                try await lane.run(for: claimant, reserved: reserved) { try await handler.call(request) }
            }
            guard let response = reply as? Response else {
                throw ServiceError.internalError("bus reply of the wrong type for \(topic.name)")
            }
            return response
        } catch let error as ServiceError {
            switch error.code {
            case .overloaded, .tooManyRequests: break
            case .timeout: lane.record(timeout: true)
            default: lane.record(failure: true)
            }
            throw error
        } catch is CancellationError {
            throw ServiceError.cancelled
        } catch {
            lane.record(failure: true)
            logger.error("bus handler failed", metadata: ["topic": "\(topic.name)", "error": "\(error)"])
            throw ServiceError.internalError("internal error while serving \(topic.name)")
        }
    }

    /// Counters of every served topic, sorted by topic name.
    public func statistics() -> [TopicStatistics] {
        handlers.withLock { $0.values.map(\.lane.statistics) }.sorted { $0.topic < $1.topic }
    }
}
