import CryptoPrimitives
import Model

/// The parts of an HTTP request that SigV4 signs, plus its body.
public struct SignableRequest: Sendable, Hashable {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The path as unencoded text (`/example space/`); the signer percent-encodes each segment once.
    public var path: String
    /// Query parameters, unencoded, in the order they are sent.
    public var queryItems: [AWSQueryItem]
    /// Header fields in the order they are sent, `Host` included.
    public var headers: [AWSHeaderField]
    public var body: [UInt8]
    /// A hex SHA-256 of the body (or a marker such as `UNSIGNED-PAYLOAD`) to sign instead of hashing `body`.
    public var precomputedPayloadHash: String?

    public init(method: String, path: String = "/", queryItems: [AWSQueryItem] = [], headers: [AWSHeaderField] = [],
                body: [UInt8] = [], precomputedPayloadHash: String? = nil) {
        self.method = method
        self.path = path
        self.queryItems = queryItems
        self.headers = headers
        self.body = body
        self.precomputedPayloadHash = precomputedPayloadHash
    }

    /// The request target to put on the wire: the percent-encoded path and query, in the given order.
    public var requestTarget: String {
        let encodedPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { PercentEncoding.encode(String($0)) }
            .joined(separator: "/")
        guard !queryItems.isEmpty else { return encodedPath }
        return encodedPath + "?" + queryItems
            .map { PercentEncoding.encode($0.name) + "=" + PercentEncoding.encode($0.value) }
            .joined(separator: "&")
    }

    /// The hex SHA-256 of the body, or the precomputed payload hash when there is one.
    public var payloadHash: String {
        precomputedPayloadHash ?? Hex.encode(SHA256.hash(body))
    }

    mutating func removeHeaders(named name: String) {
        let lowercased = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lowercased }
    }
}
