import CoreMetrics
import Hummingbird
import Model
import NIOCore
import Synchronization

/// The request bodies a process holds in memory at once, across all requests. A body that would take
/// the total past the limit is refused with 503 `overloaded` (before it is read when its length is
/// declared), so load past capacity costs no memory; a lone body is always admitted. The gauge
/// `logsvc_gateway_body_bytes_held` shows the total.
final class BodyBudget: Sendable {
    let limit: Int
    private let held = Atomic<Int>(0)
    private let gauge = Gauge(label: "logsvc_gateway_body_bytes_held")

    init(limit: Int) { self.limit = limit }

    /// Runs `work` with a reader for the body of `request` (at most `maxBytes`, else `payloadTooLarge`),
    /// holding its bytes in the budget until `work` returns. A declared `Content-Length` is checked and
    /// reserved before `work` starts, so a body that cannot be taken is refused before anything else is done.
    func withBody<T>(of request: Request, upTo maxBytes: Int, _ work: (BodyReader) async throws -> T) async throws -> T {
        let declared = request.headers[.contentLength].flatMap(Int.init)
        if let declared, declared > maxBytes { throw BodyBudget.tooLarge(maxBytes) }
        let reader = BodyReader(budget: self, body: request.body, maxBytes: maxBytes)
        defer { reader.releaseAll() }
        if let declared, declared > 0 { try reader.hold(declared) }
        return try await work(reader)
    }

    /// The body of one request, read against the budget.
    final class BodyReader {
        private let budget: BodyBudget
        private let body: RequestBody
        private let maxBytes: Int
        private var held = 0

        fileprivate init(budget: BodyBudget, body: RequestBody, maxBytes: Int) {
            self.budget = budget
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
            try budget.reserve(bytes)
            held += bytes
        }

        fileprivate func releaseAll() {
            if held > 0 { budget.gauge.record(budget.held.subtract(held, ordering: .relaxed).newValue) }
            held = 0
        }
    }

    private func reserve(_ bytes: Int) throws(ServiceError) {
        var current = held.load(ordering: .relaxed)
        while true {
            guard current == 0 || current + bytes <= limit else {
                throw ServiceError(.overloaded, "the service holds as many request bodies as it may (gateway.max_pending_body_bytes); retry shortly",
                                   retryAfter: 1)
            }
            let (exchanged, original) = held.compareExchange(expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged {
                gauge.record(current + bytes)
                return
            }
            current = original
        }
    }

    static func tooLarge(_ maxBytes: Int) -> ServiceError {
        ServiceError(.payloadTooLarge, "the request body exceeds \(maxBytes) bytes (max_body_bytes)")
    }
}
