@testable import Auth
import Model
import Testing

/// How many attempts got as far as checking their credential.
private actor Checked {
    var count = 0
    func increment() { count += 1 }
}

@Suite("Login throttling")
struct LoginThrottleTests {
    private static func settings(slowAfter: Int = 100, lockAfter: Int = 100, slowAddressAfter: Int = 100) -> LockoutSettings {
        LockoutSettings(slowAfterFailures: slowAfter, lockAfterFailures: lockAfter, slowAddressAfterFailures: slowAddressAfter,
                        windowSeconds: 60, lockSeconds: 60)
    }

    @Test("attempts in flight take the account's places: at most lock_after_failures are checked, then it is locked")
    func inFlightCount() async throws {
        let throttle = LoginThrottle(settings: LoginThrottleTests.settings(lockAfter: 3))
        let checked = Checked()
        let errors = await withTaskGroup(of: ServiceError?.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do throws(ServiceError) {
                        let value: Bool? = try await throttle.attempt(account: "alice", address: "192.0.2.1") { () throws(ServiceError) -> Bool? in
                            await checked.increment()
                            try? await Task.sleep(for: .milliseconds(200))
                            return nil
                        }
                        return value == nil ? nil : ServiceError.internalError("a wrong password succeeded")
                    } catch {
                        return error
                    }
                }
            }
            return await group.reduce(into: [ServiceError?]()) { $0.append($1) }
        }
        #expect(await checked.count == 3)
        #expect(errors.filter { $0 == nil }.count == 3)
        #expect(errors.filter { $0?.code == .tooManyRequests }.count == 5)
        let locked = await #expect(throws: ServiceError.self) {
            try await throttle.attempt(account: "alice", address: "192.0.2.2") { () throws(ServiceError) -> Bool? in true }
        }
        #expect(locked?.code == .tooManyRequests && (locked?.retryAfter ?? 0) > 50)
        #expect(try await throttle.attempt(account: "bob", address: "192.0.2.1") { () throws(ServiceError) -> Bool? in true } == true)
    }

    @Test("a success gives its place back and clears the failures; an error of the service leaves nothing counted")
    func successAndErrors() async throws {
        let throttle = LoginThrottle(settings: LoginThrottleTests.settings(lockAfter: 2))
        let wrong = { () throws(ServiceError) -> Bool? in nil }
        let right = { () throws(ServiceError) -> Bool? in true }
        #expect(try await throttle.attempt(account: "alice", address: nil, wrong) == nil)
        #expect(try await throttle.attempt(account: "alice", address: nil, right) == true)
        #expect(try await throttle.attempt(account: "alice", address: nil, wrong) == nil)
        for _ in 0..<3 {
            await #expect(throws: ServiceError.unavailable("store")) {
                try await throttle.attempt(account: "alice", address: nil) { () throws(ServiceError) -> Bool? in
                    throw ServiceError.unavailable("store")
                }
            }
        }
        #expect(try await throttle.attempt(account: "alice", address: nil, right) == true)
    }

    @Test("slows an account's failed answers past slow_after_failures")
    func accountSlowing() async throws {
        let throttle = LoginThrottle(settings: LoginThrottleTests.settings(slowAfter: 1))
        let wrong = { () throws(ServiceError) -> Bool? in nil }
        _ = try await throttle.attempt(account: "alice", address: nil, wrong)
        let elapsed = try await ContinuousClock().measure { _ = try await throttle.attempt(account: "alice", address: nil, wrong) }
        #expect(elapsed >= .seconds(1))
    }

    @Test("failures from one address slow its failed answers but never lock it, nor delay a right password")
    func addressSlowsNeverLocks() async throws {
        let throttle = LoginThrottle(settings: LoginThrottleTests.settings(slowAddressAfter: 2))
        let wrong = { () throws(ServiceError) -> Bool? in nil }
        for user in ["a", "b"] { _ = try await throttle.attempt(account: user, address: "192.0.2.9", wrong) }
        let slowed = try await ContinuousClock().measure { _ = try await throttle.attempt(account: "c", address: "192.0.2.9", wrong) }
        #expect(slowed >= .seconds(1))
        #expect(try await throttle.attempt(account: "d", address: "192.0.2.9") { () throws(ServiceError) -> Bool? in true } == true)
    }
}
