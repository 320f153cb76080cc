import Bus
import Hummingbird
import Model
import NIOCore

/// The request bodies a process holds in memory at once, across all requests, shared among tenants and
/// their principals by `FairShare`. A body that would take the total past the limit is refused with 503
/// `overloaded`, and one past its caller's share with 429 `too_many_requests`, before it is read when its
/// length is declared; a lone body is always admitted. The gauge `logsvc_gateway_body_bytes_held` shows
/// the total.
final class BodyBudget: Sendable {
    private let bytes: SharedCapacity

    init(limit: Int) {
        bytes = SharedCapacity(resource: "body_bytes", capacity: limit, what: "request bodies", setting: "gateway.max_pending_body_bytes",
                               retryAfter: 1, gauge: "logsvc_gateway_body_bytes_held")
    }

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

        /// The whole body, decoded from `encoding`: a gzip body is inflated within `maxBytes`, and what it inflates
        /// to is held too (`GzipBody`).
        func read(decoding encoding: ContentEncoding) async throws -> ByteBuffer {
            let body = try await read()
            guard encoding == .gzip else { return body }
            return try GzipBody.inflate(body, limit: maxBytes) { (count: Int) throws(ServiceError) in try hold(count) }
        }

        /// The whole body as sent; chunks past what was declared are held as they arrive.
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
            try budget.bytes.take(bytes, for: claimant)
            held += bytes
        }

        fileprivate func releaseAll() {
            guard held > 0 else { return }
            budget.bytes.give(held, for: claimant)
            held = 0
        }
    }

    static func tooLarge(_ maxBytes: Int, decompressed: Bool = false) -> ServiceError {
        ServiceError(.payloadTooLarge, "the request body exceeds \(maxBytes) bytes\(decompressed ? " once decompressed" : "") (max_body_bytes)")
    }
}
