import HTTPTypes

/// Where the client address of a login comes from (`gateway.client_address`), for login throttling.
public struct ClientAddressSettings: Sendable, Codable, Equatable {
    /// Proxies whose forwarding header is believed; empty (the default): the connection's peer is the client and
    /// forwarding headers are ignored.
    public var trustedProxies: [IPNetwork]
    /// The header a trusted proxy appends the address it received the request from to, in `X-Forwarded-For`'s
    /// syntax (addresses separated by commas, the nearest last).
    public var header: String

    public init(trustedProxies: [IPNetwork] = [], header: String = "X-Forwarded-For") {
        self.trustedProxies = trustedProxies
        self.header = header
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        trustedProxies = try container.decode([IPNetwork].self, forKey: .trustedProxies)
        header = try container.decode(String.self, forKey: .header)
        guard HTTPField.Name(header) != nil else {
            throw DecodingError.dataCorruptedError(forKey: .header, in: container, debugDescription: "an HTTP header name (RFC 9110 §5.1)")
        }
    }

    enum CodingKeys: String, CodingKey {
        case trustedProxies = "trusted_proxies"
        case header
    }
}
