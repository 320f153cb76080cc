import Foundation
import CZlib
import Model
import NIOCore

/// A request body sent with `Content-Encoding: gzip` (RFC 9110 §8.4.1.3, the format of RFC 1952), inflated
/// through the system's zlib in steps of `step` bytes, so that what it expands to is counted as it grows:
/// `take` is asked for each step's bytes before they are kept (the caller's body budget), and past `limit`
/// bytes the body is refused with 413 without inflating further. A gzip bomb costs at most `limit` bytes of
/// memory. The body must be one complete gzip member and nothing after it; anything else is 400.
enum GzipBody {
    static let step = 65_536

    static func inflate(_ compressed: ByteBuffer, limit: Int, take: (Int) throws(ServiceError) -> Void) throws(ServiceError) -> ByteBuffer {
        var stream = z_stream()
        guard logsvc_inflate_init_gzip(&stream) == Z_OK else { throw ServiceError.internalError("zlib could not start inflating") }
        defer { inflateEnd(&stream) }
        var output = ByteBuffer()
        var chunk = [UInt8](repeating: 0, count: step)
        var input = Array(compressed.readableBytesView)
        var status = Z_OK
        try input.withUnsafeMutableBufferPointer { (inputBytes: inout UnsafeMutableBufferPointer<UInt8>) throws(ServiceError) in
            stream.next_in = inputBytes.baseAddress
            stream.avail_in = uInt(inputBytes.count)
            while status != Z_STREAM_END {
                let produced = chunk.withUnsafeMutableBufferPointer { out -> Int in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return out.count - Int(stream.avail_out)
                }
                switch status {
                case Z_OK, Z_STREAM_END: break
                // No progress possible: the input ended before the stream did.
                case Z_BUF_ERROR: throw GzipBody.invalid("it ends before the gzip stream does")
                default: throw GzipBody.invalid("it is not valid gzip")
                }
                guard output.readableBytes + produced <= limit else { throw BodyBudget.tooLarge(limit, decompressed: true) }
                try take(produced)
                output.writeBytes(chunk[0..<produced])
            }
            guard stream.avail_in == 0 else { throw GzipBody.invalid("it has bytes after the end of the gzip stream") }
        }
        return output
    }

    private static func invalid(_ reason: String) -> ServiceError {
        ServiceError.invalid("the body is sent with Content-Encoding gzip, but \(reason)")
    }
}

/// The `Content-Encoding` of a request body: none (or `identity`) or `gzip` (also written `x-gzip`, RFC 9110
/// §8.4.1.3); any other coding, or more than one, is 415 `unsupported_media_type`.
enum ContentEncoding: Sendable {
    case identity, gzip

    init(field: String?) throws(ServiceError) {
        guard let field else { self = .identity; return }
        switch field.trimmingCharacters(in: .whitespaces).lowercased() {
        case "", "identity": self = .identity
        case "gzip", "x-gzip": self = .gzip
        default: throw ServiceError(.unsupportedMediaType, "the body's Content-Encoding is not supported: send it as gzip or uncompressed")
        }
    }
}
