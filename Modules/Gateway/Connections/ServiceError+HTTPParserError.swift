import Model
import NIOHTTP1

extension ServiceError {
    /// The answer to bytes that NIO's HTTP/1.1 parser (llhttp, RFC 9112) refused: `request_head_too_large` (431)
    /// for a request line and headers over `HTTPServerChannel.maxHeadBytes`, else
    /// `invalid_request` (400) naming what the parser found, e.g. "invalid character in chunk size header".
    /// The message never echoes the input.
    init(malformed error: HTTPParserError, inBody: Bool) {
        if error == .headerOverflow && !inBody {
            self.init(.requestHeadTooLarge, "the request line and headers together exceed \(HTTPServerChannel.maxHeadBytes) bytes; "
                      + "send a long query in the body of POST /logs/query")
        } else {
            self.init(.invalidRequest, "the request \(inBody ? "body" : "head") is not valid HTTP/1.1: \(error.debugDescription)")
        }
    }
}
