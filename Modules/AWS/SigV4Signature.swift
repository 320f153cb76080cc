/// The outcome of signing one request, with the intermediate strings AWS's test suite publishes.
public struct SigV4Signature: Sendable, Hashable {
    public let canonicalRequest: String
    public let stringToSign: String
    /// The lowercased, sorted header names that were signed, joined by `;`.
    public let signedHeaders: String
    /// The credential scope, `date/region/service/aws4_request`.
    public let scope: String
    /// The hex HMAC-SHA256 signature.
    public let signature: String
    /// The value of the `Authorization` header.
    public let authorization: String
}
