@testable import Bus
import Model
import Synchronization
import Testing

@Suite("One timer for every bus deadline")
struct DeadlineTimerTests {
    @Test("work that answers in time returns its value and leaves no deadline pending")
    func answersInTime() async throws {
        let timer = DeadlineTimer(tick: .milliseconds(5))
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for value in 0..<200 {
                group.addTask { try await timer.run(milliseconds: 5_000) { value } }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(values == Set(0..<200))
        #expect(timer.pendingCount == 0)
    }

    @Test("every call past its deadline times out within a tick, and its work is cancelled",
          .timeLimit(.minutes(1)))
    func expiresEachLateCall() async throws {
        let timer = DeadlineTimer(tick: .milliseconds(10))
        let cancelled = Count()
        let started = ContinuousClock.now
        let codes = await withTaskGroup(of: ServiceError.Code?.self) { group in
            for index in 0..<50 {
                group.addTask {
                    do {
                        _ = try await timer.run(milliseconds: 50 + index % 5 * 10) {
                            do { try await Task.sleep(for: .seconds(30)) } catch { cancelled.add() }
                        }
                        return nil
                    } catch {
                        return (error as? ServiceError)?.code
                    }
                }
            }
            return await group.reduce(into: [ServiceError.Code?]()) { $0.append($1) }
        }
        let elapsed = ContinuousClock.now - started
        #expect(codes.count == 50 && codes.allSatisfy { $0 == .timeout })
        #expect(elapsed < .seconds(5), "the callers did not wait for the 30-second work")
        try await Task.sleep(for: .milliseconds(200))
        #expect(cancelled.value == 50)
        #expect(timer.pendingCount == 0)
    }

    @Test("a caller's cancellation cancels its work and answers at once")
    func callerCancellation() async throws {
        let timer = DeadlineTimer(tick: .milliseconds(10))
        let caller = Task {
            try await timer.run(milliseconds: 60_000) { try await Task.sleep(for: .seconds(30)) }
        }
        try await Task.sleep(for: .milliseconds(50))
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(timer.pendingCount == 0)
    }
}

private final class Count: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func add() { count.withLock { $0 += 1 } }
}
