import Bus
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
    private let bytes: SharedCapacity

    static let unmeteredBytes = 16_384

    init(limit: Int) {
        bytes = SharedCapacity(resource: "answer_bytes", capacity: limit, what: "answers waiting to be sent",
                               setting: "gateway.max_pending_answer_bytes", retryAfter: 1, gauge: "logsvc_gateway_answer_bytes_held")
    }

    /// Throws what a request of `claimant` would be refused with for lack of room for its answer, taking nothing.
    func checkRoom(for claimant: Claimant) throws(ServiceError) {
        try bytes.checkRoom(for: claimant)
    }

    /// The bytes of one request's answer, taken as it is built and given back once it has been sent.
    func meter(for claimant: Claimant) -> Meter { Meter(bytes: bytes, claimant: claimant) }

    /// The response carrying `json` for `claimant`, counted (when large) until it has been sent.
    func response(json: [UInt8], for claimant: Claimant, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        guard json.count > AnswerBudget.unmeteredBytes else { return JSONResponse.make(json: json, status: status, headers: headers) }
        return meter(for: claimant).response(json: json, status: status, headers: headers)
    }

    final class Meter: AnswerAllowance {
        private let bytes: SharedCapacity
        private let claimant: Claimant
        private let taken = Atomic(0)

        fileprivate init(bytes: SharedCapacity, claimant: Claimant) {
            self.bytes = bytes
            self.claimant = claimant
        }

        /// An answer never sent (the request failed, or the connection closed first) gives back what it took.
        deinit { release() }

        func take(_ count: Int) -> Bool {
            guard bytes.takeIfFits(count, for: claimant) else { return false }
            taken.add(count, ordering: .relaxed)
            return true
        }

        func charge(_ count: Int) {
            bytes.charge(count, for: claimant)
            taken.add(count, ordering: .relaxed)
        }

        func give(_ count: Int) {
            taken.subtract(count, ordering: .relaxed)
            bytes.give(count, for: claimant)
        }

        /// Gives back everything taken; safe to call more than once.
        func release() {
            let count = taken.exchange(0, ordering: .relaxed)
            if count > 0 { bytes.give(count, for: claimant) }
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
