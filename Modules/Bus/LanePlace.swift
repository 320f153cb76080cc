public import Model
import Synchronization

/// A place reserved in one topic's lane for one request of `claimant` (see `Bus.withPlace`): the request sent
/// with it is admitted without a check for room. It admits one request; a second goes through the
/// lane's bounds like any other.
public final class LanePlace<Request: Sendable, Response: Sendable>: Sendable {
    private let bus: Bus
    private let topic: Topic<Request, Response>
    let handler: Bus.Handler
    let claimant: Claimant?
    private let unused = Atomic(true)

    init(bus: Bus, topic: Topic<Request, Response>, handler: Bus.Handler, claimant: Claimant?) {
        self.bus = bus
        self.topic = topic
        self.handler = handler
        self.claimant = claimant
    }

    /// Sends `request` on the place's topic; see `Bus.request(_:_:)`.
    public func request(_ request: Request) async throws(ServiceError) -> Response {
        try await bus.request(topic, request, holding: self)
    }

    /// True exactly once: for whoever uses the place first.
    func take() -> Bool {
        unused.exchange(false, ordering: .acquiringAndReleasing)
    }
}
