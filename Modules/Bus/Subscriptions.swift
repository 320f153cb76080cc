public import Model
import Synchronization

/// The listeners of event topics. A listener runs on the publisher's task, so it must return at
/// once (hand the event to a bounded buffer, never wait).
final class Subscriptions: Sendable {
    typealias Listener = @Sendable (any Sendable) -> Void

    private struct State {
        var nextID = 0
        var listeners: [String: [Int: Listener]] = [:]
    }

    private let state = Mutex(State())

    func add(topic: String, _ listener: @escaping Listener) -> Int {
        state.withLock { state in
            state.nextID += 1
            state.listeners[topic, default: [:]][state.nextID] = listener
            return state.nextID
        }
    }

    func remove(topic: String, id: Int) {
        state.withLock { state in _ = state.listeners[topic]?.removeValue(forKey: id) }
    }

    func hasListeners(topic: String) -> Bool {
        state.withLock { !($0.listeners[topic]?.isEmpty ?? true) }
    }

    func deliver(topic: String, _ event: any Sendable) {
        let listeners = state.withLock { $0.listeners[topic].map { Array($0.values) } ?? [] }
        for listener in listeners { listener(event) }
    }
}

/// A registration for an event topic; `cancel()` (or dropping every reference) ends it.
public final class Subscription: Sendable {
    private let end: @Sendable () -> Void

    init(end: @escaping @Sendable () -> Void) { self.end = end }

    public func cancel() { end() }

    deinit { end() }
}

extension Bus {
    /// Calls `listener` with every event published on `topic` until the subscription ends.
    public func subscribe<Event>(_ topic: EventTopic<Event>, _ listener: @escaping @Sendable (Event) -> Void) -> Subscription {
        let id = subscriptions.add(topic: topic.name) { event in
            if let event = event as? Event { listener(event) }
        }
        let subscriptions = self.subscriptions
        return Subscription { subscriptions.remove(topic: topic.name, id: id) }
    }

    /// Hands `event` to every current subscriber of `topic`; never waits for them.
    public func publish<Event>(_ topic: EventTopic<Event>, _ event: Event) {
        subscriptions.deliver(topic: topic.name, event)
    }

    /// True if anyone listens on `topic`, so publishers can skip building events nobody reads.
    public func hasSubscribers<Event>(_ topic: EventTopic<Event>) -> Bool {
        subscriptions.hasListeners(topic: topic.name)
    }
}
