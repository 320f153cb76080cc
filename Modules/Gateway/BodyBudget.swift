import Hummingbird
import Model
import NIOCore
import Synchronization

/// The request bodies a process holds in memory at once, across all requests. A body that would take
/// the total past the limit is refused with 503 `overloaded` (before it is read when its length is
/// declared), so load past capacity costs no memory; a lone body is always admitted.
final class BodyBudget: Sendable {
    let limit: Int
    private let held = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Bytes held now.
    var heldBytes: Int { held.load(ordering: .relaxed) }

    /// Reads the body of `request` (at most `maxBytes`, else `payloadTooLarge`) and runs `work` with it,
    /// holding its bytes in the budget until `work` returns.
    func withBody<T>(of request: Request, upTo maxBytes: Int,
                     _ work: (ByteBuffer) async throws -> T) async throws -> T {
        let declared = request.headers[.contentLength].flatMap(Int.init)
        if let declared, declared > maxBytes { throw BodyBudget.tooLarge(maxBytes) }
        var reserved = 0
        defer { if reserved > 0 { held.subtract(reserved, ordering: .relaxed) } }
        if let declared, declared > 0 {
            try reserve(declared)
            reserved = declared
        }
        var buffer = ByteBuffer()
        for try await chunk in request.body {
            let total = buffer.readableBytes + chunk.readableBytes
            guard total <= maxBytes else { throw BodyBudget.tooLarge(maxBytes) }
            if total > reserved {
                try reserve(total - reserved)
                reserved = total
            }
            buffer.writeImmutableBuffer(chunk)
        }
        return try await work(buffer)
    }

    private func reserve(_ bytes: Int) throws(ServiceError) {
        var current = held.load(ordering: .relaxed)
        while true {
            guard current == 0 || current + bytes <= limit else {
                throw ServiceError(.overloaded, "the service holds as many request bodies as it may (gateway.max_pending_body_bytes); retry shortly",
                                   retryAfter: 1)
            }
            let (exchanged, original) = held.compareExchange(expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    static func tooLarge(_ maxBytes: Int) -> ServiceError {
        ServiceError(.payloadTooLarge, "the request body exceeds \(maxBytes) bytes (max_body_bytes)")
    }
}
