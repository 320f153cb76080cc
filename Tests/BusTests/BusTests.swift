import Bus
import Logging
import Model
import Synchronization
import TestSupport
import Testing

private let logger = quietLogger("bus-tests")
private let allModules: Set<String> = ["auth", "ingest", "query", "crypto"]

private func route(_ module: String, concurrency: Int = 4, queue: Int = 8, timeout: Int = 2000) -> Route {
    Route(module: module, concurrency: concurrency, queue: queue, timeoutMilliseconds: timeout)
}

private func bus(_ routes: [String: Route], hosting modules: Set<String> = allModules) throws -> Bus {
    try Bus(routes: routes, hostedModules: modules, knownModules: allModules, logger: logger)
}

private let alice = Principal(subject: "alice", tenant: TenantID("acme")!, roles: [])

@Suite("The bus")
struct BusTests {
    @Test("delivers a typed request to the module serving the topic and returns its reply")
    func requestReply() async throws {
        let bus = try bus(["auth.verify": route("auth")])
        try bus.serve(Topics.authVerify, by: "auth") { credential in
            Principal(subject: credential.token, tenant: TenantID("t1")!, roles: [.reader])
        }
        let principal = try await bus.request(Topics.authVerify, Credential(token: "bob"))
        #expect(principal.subject == "bob")
        #expect(principal.roles == [.reader])
    }

    @Test("passes a handler's ServiceError through unchanged")
    func handlerErrors() async throws {
        let bus = try bus(["auth.verify": route("auth")])
        try bus.serve(Topics.authVerify, by: "auth") { _ in throw ServiceError.unauthenticated("nope") }
        await #expect(throws: ServiceError.unauthenticated("nope")) {
            try await bus.request(Topics.authVerify, Credential(token: "x"))
        }
        #expect(bus.statistics().first?.failures == 1)
    }

    @Test("hides other handler errors behind internal_error")
    func foreignErrors() async throws {
        struct Oops: Error {}
        let bus = try bus(["auth.verify": route("auth")])
        try bus.serve(Topics.authVerify, by: "auth") { _ in throw Oops() }
        let error = await #expect(throws: ServiceError.self) {
            try await bus.request(Topics.authVerify, Credential(token: "x"))
        }
        #expect(error?.code == .internalError)
    }

    @Test("answers unavailable for a topic no hosted module serves")
    func unservedTopic() async throws {
        let bus = try bus(["query.recent": route("query")], hosting: ["auth"])
        let error = await #expect(throws: ServiceError.self) {
            try await bus.request(Topics.queryRecent, RecentQuery(principal: alice))
        }
        #expect(error?.code == .unavailable)
    }

    @Test("refuses a server the routes do not name, or a module this process does not host")
    func registrationChecks() throws {
        let bus = try bus(["auth.verify": route("auth"), "query.recent": route("query")], hosting: ["auth"])
        #expect(throws: BusError.self) {
            try bus.serve(Topics.authVerify, by: "query") { _ in alice }
        }
        #expect(throws: BusError.self) {
            try bus.serve(Topics.queryRecent, by: "query") { _ in LogPage(logs: [], nextCursor: nil) }
        }
        #expect(throws: BusError.self) {
            try bus.serve(Topics.cryptoSeal, by: "crypto") { _ in [] }
        }
        try bus.serve(Topics.authVerify, by: "auth") { _ in alice }
        #expect(throws: BusError.self) {
            try bus.serve(Topics.authVerify, by: "auth") { _ in alice }
        }
    }

    @Test("rejects routes to unknown topics or modules and non-positive bounds")
    func routeValidation() {
        #expect(throws: BusError.self) { try bus(["auth.verfy": route("auth")]) }
        #expect(throws: BusError.self) { try bus(["auth.verify": route("billing")]) }
        #expect(throws: BusError.self) { try bus(["auth.verify": route("auth", concurrency: 0)]) }
        #expect(throws: BusError.self) { try bus(["auth.verify": route("auth", timeout: 0)]) }
        #expect(throws: BusError.self) { try bus([:], hosting: ["billing"]) }
    }

    @Test("runs at most `concurrency` requests at once, queues up to `queue`, and refuses the rest with 503 and Retry-After")
    func boundedAdmission() async throws {
        let bus = try bus(["auth.verify": route("auth", concurrency: 2, queue: 3, timeout: 10_000)])
        let gate = Gate()
        let running = Mutex(0)
        let peak = Mutex(0)
        try bus.serve(Topics.authVerify, by: "auth") { _ in
            let now = running.withLock { $0 += 1; return $0 }
            peak.withLock { $0 = max($0, now) }
            await gate.wait()
            running.withLock { $0 -= 1 }
            return alice
        }
        let outcomes = await withTaskGroup(of: ServiceError?.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    do throws(ServiceError) {
                        _ = try await bus.request(Topics.authVerify, Credential(token: "x"))
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            for _ in 0..<1000 where bus.statistics()[0].queued < 3 {
                try? await Task.sleep(for: .milliseconds(10))
            }
            let stats = bus.statistics()[0]
            #expect(stats.inFlight == 2)
            #expect(stats.queued == 3)
            let refused = await #expect(throws: ServiceError.self) {
                try await bus.request(Topics.authVerify, Credential(token: "x"))
            }
            #expect(refused?.code == .overloaded)
            #expect(refused?.retryAfter == 1)
            await gate.open()
            return await group.reduce(into: [ServiceError?]()) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0 == nil })
        #expect(peak.withLock { $0 } == 2)
        let stats = bus.statistics()[0]
        #expect(stats.requests == 5)
        #expect(stats.rejections == 1)
        #expect(stats.inFlight == 0)
        #expect(stats.queued == 0)
    }

    @Test("a tenant holding its share of a lane is refused with 429 while another tenant still gets in; past the lane's places, 503")
    func laneSharedAmongTenants() async throws {
        // Two running, two waiting: four places. One principal may hold two of them, its tenant three.
        let bus = try bus(["auth.verify": route("auth", concurrency: 2, queue: 2, timeout: 10_000)])
        let gate = Gate()
        try bus.serve(Topics.authVerify, by: "auth") { credential in
            await gate.wait()
            return Principal(subject: credential.token, tenant: TenantID("t1")!, roles: [])
        }
        let a1 = Claimant(tenant: TenantID("a")!, principal: "a1")
        let a2 = Claimant(tenant: TenantID("a")!, principal: "a2")
        let b1 = Claimant(tenant: TenantID("b")!, principal: "b1")
        func refusal(_ claimant: Claimant?) async -> ServiceError? {
            do throws(ServiceError) {
                _ = try await bus.request(Topics.authVerify, Credential(token: "x"), for: claimant)
                return nil
            } catch {
                return error
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, claimant) in [a1, a1, a2].enumerated() {
                group.addTask { _ = try await bus.request(Topics.authVerify, Credential(token: claimant.principal), for: claimant) }
                for _ in 0..<1000 where bus.statistics()[0].requests < index + 1 { try await Task.sleep(for: .milliseconds(5)) }
            }
            for claimant in [a1, a2, Claimant(tenant: TenantID("a")!, principal: "a3")] {
                let refused = await refusal(claimant)
                #expect(refused?.code == .tooManyRequests)
                #expect(refused?.retryAfter != nil)
            }
            group.addTask { _ = try await bus.request(Topics.authVerify, Credential(token: "b1"), for: b1) }
            for _ in 0..<1000 where bus.statistics()[0].requests < 4 { try await Task.sleep(for: .milliseconds(5)) }
            // The lane is full now: anyone else is refused with 503.
            #expect(await refusal(nil)?.code == .overloaded)
            await gate.open()
            try await group.waitForAll()
        }
        let stats = bus.statistics()[0]
        #expect(stats.requests == 4)
        #expect(stats.shareRefusals == 3)
        #expect(stats.rejections == 1)
        #expect(stats.inFlight == 0 && stats.queued == 0)
    }

    @Test("a place reserved for a request still being made counts against the lane's places and shares, takes no running slot, and is given back unused")
    func reservedPlaces() async throws {
        let bus = try bus(["auth.verify": route("auth", concurrency: 1, queue: 1, timeout: 10_000)])
        try bus.serve(Topics.authVerify, by: "auth") { credential in
            Principal(subject: credential.token, tenant: TenantID("t1")!, roles: [])
        }
        let a = Claimant(tenant: TenantID("a")!, principal: "a")
        let b = Claimant(tenant: TenantID("b")!, principal: "b")
        try await bus.withPlace(in: Topics.authVerify, for: a) { held in
            #expect(bus.statistics()[0].reserved == 1)
            // The reservation holds no running slot: another tenant's request runs at once.
            let other = try await bus.request(Topics.authVerify, Credential(token: "b"), for: b)
            #expect(other.subject == "b")
            try await bus.withPlace(in: Topics.authVerify, for: b) { _ in
                let full = await #expect(throws: ServiceError.self) { try await bus.withPlace(in: Topics.authVerify, for: nil) { _ in } }
                #expect(full?.code == .overloaded)
                let answer = try await held.request(Credential(token: "held"))
                #expect(answer.subject == "held")
            }
        }
        let stats = bus.statistics()[0]
        #expect(stats.reserved == 0 && stats.inFlight == 0 && stats.queued == 0)
        #expect(stats.requests == 2)
        let after = try await bus.request(Topics.authVerify, Credential(token: "after"), for: a)
        #expect(after.subject == "after")
    }

    @Test("a freed slot goes to the waiter whose tenant holds the fewest places, not to the oldest")
    func freedSlotGoesToTheLeastServedTenant() async throws {
        let bus = try bus(["auth.verify": route("auth", concurrency: 1, queue: 8, timeout: 10_000)])
        let gate = Gate()
        let order = Mutex<[String]>([])
        try bus.serve(Topics.authVerify, by: "auth") { credential in
            if credential.token == "first" { await gate.wait() }
            order.withLock { $0.append(credential.token) }
            return alice
        }
        func claimant(_ tenant: String, _ principal: String) -> Claimant { Claimant(tenant: TenantID(tenant)!, principal: principal) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            let arrivals = [("first", claimant("a", "a1")), ("a-1", claimant("a", "a1")), ("a-2", claimant("a", "a2")),
                            ("b-1", claimant("b", "b1"))]
            for (index, (token, who)) in arrivals.enumerated() {
                group.addTask { _ = try await bus.request(Topics.authVerify, Credential(token: token), for: who) }
                for _ in 0..<1000 where bus.statistics()[0].requests < index + 1 { try await Task.sleep(for: .milliseconds(5)) }
            }
            for _ in 0..<1000 where bus.statistics()[0].queued < 3 { try await Task.sleep(for: .milliseconds(5)) }
            await gate.open()
            try await group.waitForAll()
        }
        #expect(order.withLock { $0 } == ["first", "b-1", "a-1", "a-2"])
    }

    @Test("sets a refusal's Retry-After to the time the lane needs to work off a full queue at its recent pace")
    func retryAfterFromPace() async throws {
        // One slot, two waiting places, 0.6 s per request: a full lane drains in 3 × 0.6 = 1.8 s, so 2, or
        // more when a busy machine stretches the one request the lane has timed (never more than it took).
        let bus = try bus(["auth.verify": route("auth", concurrency: 1, queue: 2, timeout: 60_000)])
        try bus.serve(Topics.authVerify, by: "auth") { _ in
            try? await Task.sleep(for: .milliseconds(600))
            return alice
        }
        let paced = try await ContinuousClock().measure { _ = try await bus.request(Topics.authVerify, Credential(token: "pace")) }
        let slowest = Int((3 * Double(paced.components.seconds) + 3 * Double(paced.components.attoseconds) * 1e-18).rounded(.up))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask { _ = try await bus.request(Topics.authVerify, Credential(token: "x")) }
            }
            for _ in 0..<1000 where bus.statistics()[0].queued < 2 {
                try? await Task.sleep(for: .milliseconds(10))
            }
            let refused = await #expect(throws: ServiceError.self) {
                try await bus.request(Topics.authVerify, Credential(token: "x"))
            }
            #expect(refused?.code == .overloaded)
            #expect((2...max(2, slowest)).contains(refused?.retryAfter ?? 0))
            try await group.waitForAll()
        }
    }

    @Test("answers timeout (503) when a handler passes the route's deadline, without waiting for it",
          .timeLimit(.minutes(1)))
    func deadline() async throws {
        let bus = try bus(["auth.verify": route("auth", timeout: 100)])
        let gate = Gate()
        try bus.serve(Topics.authVerify, by: "auth") { _ in
            await gate.wait()
            return alice
        }
        let error = await #expect(throws: ServiceError.self) {
            try await bus.request(Topics.authVerify, Credential(token: "x"))
        }
        #expect(error?.code == .timeout)
        #expect(bus.statistics()[0].timeouts == 1)
        #expect(bus.statistics()[0].inFlight == 1, "the timed-out handler still holds its slot")
        await gate.open()
    }
}

/// Holds handlers until opened.
private actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters = []
    }
}
