import Bus
import CoreMetrics
import Hummingbird
import Model
import NIOCore
import Synchronization

/// The answers a process holds in memory at once, from when they are built until they have been written to the
/// socket, shared among tenants and their principals by `FairShare` (`gateway.max_pending_answer_bytes`). A
/// client that asks for large answers and reads none holds at most its share; past it, its requests are
/// refused with 429 before any work is done for them, and pages end early. Answers of at most
/// `unmeteredBytes` are not counted: a connection holds at most one answer at a time, so those are bounded by
/// the connection limits. Without a connection (a Lambda invocation) an answer is counted until it is built.
/// The gauge `logsvc_gateway_answer_bytes_held` shows the total.
final class AnswerBudget: Sendable {
    fileprivate let bytes: Mutex<FairShare>
    fileprivate let gauge = Gauge(label: "logsvc_gateway_answer_bytes_held")
    private let shareRefusals = Counter(label: "logsvc_share_refusals_total", dimensions: [("resource", "answer_bytes")])

    static let unmeteredBytes = 16_384

    init(limit: Int) { self.bytes = Mutex(FairShare(capacity: limit)) }

    /// Throws what a request of `claimant` would be refused with for lack of room for its answer, taking nothing.
    func checkRoom(for claimant: Claimant) throws(ServiceError) {
        switch bytes.withLock({ $0.verdict(claimant, 1) }) {
        case .fits:
            return
        case .full:
            throw ServiceError(.overloaded, "the service holds as many answers as it may (gateway.max_pending_answer_bytes); retry shortly",
                               retryAfter: 1)
        case .tenantAtShare, .principalAtShare:
            shareRefusals.increment()
            throw ServiceError(.tooManyRequests, "this caller has as many answers waiting to be read as its share allows; retry shortly",
                               retryAfter: 1)
        }
    }

    /// The bytes of one request's answer, taken as it is built and given back once it has been sent.
    func meter(for claimant: Claimant) -> Meter { Meter(budget: self, claimant: claimant) }

    /// The response carrying `json` for `claimant`, counted (when large) until it has been sent.
    func response(json: [UInt8], for claimant: Claimant, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        guard json.count > AnswerBudget.unmeteredBytes else { return JSONResponse.make(json: json, status: status, headers: headers) }
        return meter(for: claimant).response(json: json, status: status, headers: headers)
    }

    final class Meter: AnswerAllowance {
        private let budget: AnswerBudget
        private let claimant: Claimant
        private let taken = Atomic(0)

        fileprivate init(budget: AnswerBudget, claimant: Claimant) {
            self.budget = budget
            self.claimant = claimant
        }

        /// An answer never sent (the request failed, or the connection closed first) gives back what it took.
        deinit { release() }

        func take(_ count: Int) -> Bool {
            let total = budget.bytes.withLock { share -> Int? in
                guard share.verdict(claimant, count) == .fits else { return nil }
                share.take(claimant, count)
                taken.add(count, ordering: .relaxed)
                return share.held
            }
            if let total { budget.gauge.record(total) }
            return total != nil
        }

        func charge(_ count: Int) {
            budget.gauge.record(budget.bytes.withLock { share in
                share.take(claimant, count)
                taken.add(count, ordering: .relaxed)
                return share.held
            })
        }

        func give(_ count: Int) {
            budget.gauge.record(budget.bytes.withLock { share in
                let given = min(count, taken.load(ordering: .relaxed))
                share.give(claimant, given)
                taken.subtract(given, ordering: .relaxed)
                return share.held
            })
        }

        /// Gives back everything taken; safe to call more than once.
        func release() {
            let total = budget.bytes.withLock { share -> Int? in
                let count = taken.exchange(0, ordering: .relaxed)
                guard count > 0 else { return nil }
                share.give(claimant, count)
                return share.held
            }
            if let total { budget.gauge.record(total) }
        }

        /// The response carrying `json`, counted as what it really is until the connection has written it.
        func response(json: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
            if json.count > AnswerBudget.unmeteredBytes, let connection = ConnectionRecord.current {
                let difference = json.count - taken.load(ordering: .relaxed)
                if difference > 0 { charge(difference) }
                connection.afterAnswerSent { self.release() }
            } else {
                release()
            }
            return JSONResponse.make(json: json, status: status, headers: headers)
        }
    }
}
