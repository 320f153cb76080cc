import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// A stand-in for the Lambda Runtime API, following AWS's published interface (2018-06-01): the function polls
/// `GET /runtime/invocation/next`, answers with `POST /runtime/invocation/{id}/response` or `/error`, and reports a
/// failed start with `POST /runtime/init/error`. Lambda itself cannot run here; everything else is real.
final class RuntimeAPIStandIn: Sendable {
    /// What the function answered to one invocation.
    struct Outcome: Sendable {
        let isError: Bool
        let body: Data
        /// `Lambda-Runtime-Function-Error-Type`, on errors.
        let errorType: String?

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    private struct State {
        var pending: [(id: String, event: Data)] = []
        var pollers: [CheckedContinuation<(id: String, event: Data)?, Never>] = []
        var waiting: [String: CheckedContinuation<Outcome, Never>] = [:]
        var initError: Outcome?
        var firstPollAt: ContinuousClock.Instant?
        var closed = false
    }

    let port: Int
    private let state: Shared

    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private init(port: Int, state: Shared) {
        self.port = port
        self.state = state
    }

    /// `host:port`, as Lambda sets `AWS_LAMBDA_RUNTIME_API`.
    var address: String { "127.0.0.1:\(port)" }

    /// The function's report of a failed start, if it sent one.
    var initError: Outcome? { state.state.withLock { $0.initError } }

    /// When the function first asked for an invocation.
    var firstPollAt: ContinuousClock.Instant? { state.state.withLock { $0.firstPollAt } }

    /// Hands `event` to the function and waits for its answer; after `timeout` (a function that died, say), an
    /// error outcome of type `StandIn.Timeout`.
    func invoke(_ event: String, timeout: Duration = .seconds(60)) async -> Outcome {
        let id = UUID().uuidString.lowercased()
        let shared = state
        Task {
            try? await Task.sleep(for: timeout)
            shared.state.withLock { $0.waiting.removeValue(forKey: id) }?
                .resume(returning: Outcome(isError: true, body: Data("no answer within \(timeout)".utf8), errorType: "StandIn.Timeout"))
        }
        return await withCheckedContinuation { continuation in
            let poller = state.state.withLock { state -> CheckedContinuation<(id: String, event: Data)?, Never>? in
                state.waiting[id] = continuation
                guard !state.pollers.isEmpty else {
                    state.pending.append((id, Data(event.utf8)))
                    return nil
                }
                return state.pollers.removeFirst()
            }
            poller?.resume(returning: (id, Data(event.utf8)))
        }
    }

    /// Runs `body` with a stand-in listening on a free loopback port.
    @discardableResult
    static func run<Result: Sendable>(_ body: @Sendable (RuntimeAPIStandIn) async throws -> Result) async throws -> Result {
        let shared = Shared()
        let router = Router()
        router.get("/2018-06-01/runtime/invocation/next") { _, _ -> Response in
            guard let (id, event) = await next(shared) else { return Response(status: .serviceUnavailable) }
            var headers = HTTPFields()
            headers[HTTPField.Name("Lambda-Runtime-Aws-Request-Id")!] = id
            headers[HTTPField.Name("Lambda-Runtime-Deadline-Ms")!] = String(Int64(Date().timeIntervalSince1970 * 1000) + 30_000)
            headers[HTTPField.Name("Lambda-Runtime-Invoked-Function-Arn")!] = "arn:aws:lambda:us-east-1:123456789012:function:logsvc-test"
            headers[HTTPField.Name("Lambda-Runtime-Trace-Id")!] = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: event)))
        }
        router.post("/2018-06-01/runtime/invocation/:id/response") { request, context -> Response in
            try await finish(shared, id: context.parameters.require("id"), request: request, isError: false)
        }
        router.post("/2018-06-01/runtime/invocation/:id/error") { request, context -> Response in
            try await finish(shared, id: context.parameters.require("id"), request: request, isError: true)
        }
        router.post("/2018-06-01/runtime/init/error") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let outcome = Outcome(isError: true, body: Data(body.readableBytesView),
                                  errorType: request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!])
            shared.state.withLock { $0.initError = outcome }
            return Response(status: .accepted)
        }
        var logger = Logger(label: "RuntimeAPIStandIn")
        logger.logLevel = .error
        let result = Mutex<Result?>(nil)
        try await Application(router: router, logger: logger).test(.live) { client in
            let standIn = RuntimeAPIStandIn(port: try #require(client.port), state: shared)
            defer { standIn.close() }
            let value = try await body(standIn)
            result.withLock { $0 = value }
        }
        return try #require(result.withLock { $0 })
    }

    /// Ends every poll still waiting, so the server can stop.
    private func close() {
        let pollers = state.state.withLock { state in
            state.closed = true
            defer { state.pollers = [] }
            return state.pollers
        }
        for poller in pollers { poller.resume(returning: nil) }
    }

    private static func next(_ shared: Shared) async -> (id: String, event: Data)? {
        await withCheckedContinuation { continuation in
            let ready = shared.state.withLock { state -> (id: String, event: Data)?? in
                if state.firstPollAt == nil { state.firstPollAt = .now }
                if state.closed { return .some(nil) }
                guard state.pending.isEmpty else { return state.pending.removeFirst() }
                state.pollers.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private static func finish(_ shared: Shared, id: String, request: Request, isError: Bool) async throws -> Response {
        let body = try await request.body.collect(upTo: 7 << 20)
        let outcome = Outcome(isError: isError, body: Data(body.readableBytesView),
                              errorType: request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!])
        guard let waiter = shared.state.withLock({ $0.waiting.removeValue(forKey: id) }) else {
            return Response(status: .badRequest)
        }
        waiter.resume(returning: outcome)
        return Response(status: .accepted)
    }
}
