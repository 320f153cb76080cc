import Bus
import CoreMetrics
import Hummingbird
import Model
import NIOCore
import Synchronization

/// The request bodies a process holds in memory at once, across all requests, shared among tenants and
/// their principals by `FairShare`. A body that would take the total past the limit is refused with 503
/// `overloaded`, and one past its caller's share with 429 `too_many_requests`, before it is read when its
/// length is declared; a lone body is always admitted. The gauge `logsvc_gateway_body_bytes_held` shows
/// the total.
final class BodyBudget: Sendable {
    private let bytes: Mutex<FairShare>
    private let gauge = Gauge(label: "logsvc_gateway_body_bytes_held")
    private let shareRefusals = Counter(label: "logsvc_share_refusals_total", dimensions: [("resource", "body_bytes")])

    init(limit: Int) { self.bytes = Mutex(FairShare(capacity: limit)) }

    /// Runs `work` with a reader for the body of `request` (at most `maxBytes`, else `payloadTooLarge`),
    /// holding its bytes for `claimant` until `work` returns. A declared `Content-Length` is checked and
    /// reserved before `work` starts, so a body that cannot be taken is refused before a byte of it is read.
    func withBody<T>(of request: Request, for claimant: Claimant, upTo maxBytes: Int,
                     _ work: (BodyReader) async throws -> T) async throws -> T {
        let declared = request.headers[.contentLength].flatMap(Int.init)
        if let declared, declared > maxBytes { throw BodyBudget.tooLarge(maxBytes) }
        let reader = BodyReader(budget: self, claimant: claimant, body: request.body, maxBytes: maxBytes)
        defer { reader.releaseAll() }
        if let declared, declared > 0 { try reader.hold(declared) }
        return try await work(reader)
    }

    /// The body of one request, read against the budget.
    final class BodyReader {
        private let budget: BodyBudget
        private let claimant: Claimant
        private let body: RequestBody
        private let maxBytes: Int
        private var held = 0

        fileprivate init(budget: BodyBudget, claimant: Claimant, body: RequestBody, maxBytes: Int) {
            self.budget = budget
            self.claimant = claimant
            self.body = body
            self.maxBytes = maxBytes
        }

        /// The whole body; chunks past what was declared are held as they arrive.
        func read() async throws -> ByteBuffer {
            var buffer = ByteBuffer()
            for try await chunk in body {
                let total = buffer.readableBytes + chunk.readableBytes
                guard total <= maxBytes else { throw BodyBudget.tooLarge(maxBytes) }
                if total > held { try hold(total - held) }
                buffer.writeImmutableBuffer(chunk)
            }
            return buffer
        }

        fileprivate func hold(_ bytes: Int) throws(ServiceError) {
            try budget.reserve(bytes, for: claimant)
            held += bytes
        }

        fileprivate func releaseAll() {
            guard held > 0 else { return }
            let total = budget.bytes.withLock { share in
                share.give(claimant, held)
                return share.held
            }
            budget.gauge.record(total)
            held = 0
        }
    }

    private func reserve(_ amount: Int, for claimant: Claimant) throws(ServiceError) {
        let (verdict, total) = bytes.withLock { share in
            let verdict = share.verdict(claimant, amount)
            if verdict == .fits { share.take(claimant, amount) }
            return (verdict, share.held)
        }
        switch verdict {
        case .fits:
            gauge.record(total)
        case .full:
            throw ServiceError(.overloaded, "the service holds as many request bodies as it may (gateway.max_pending_body_bytes); retry shortly",
                               retryAfter: 1)
        case .tenantAtShare, .principalAtShare:
            shareRefusals.increment()
            throw ServiceError(.tooManyRequests, "this caller has as many request bodies in progress as its share allows; retry shortly",
                               retryAfter: 1)
        }
    }

    static func tooLarge(_ maxBytes: Int) -> ServiceError {
        ServiceError(.payloadTooLarge, "the request body exceeds \(maxBytes) bytes (max_body_bytes)")
    }
}
