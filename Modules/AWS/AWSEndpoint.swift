/// Where an AWS service listens: scheme, host and optional port, parsed from a URL such as
/// `https://kms.eu-west-1.amazonaws.com` or `http://localhost:8000`.
public struct AWSEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public let scheme: String
    /// The host name or address (an IPv6 address keeps its brackets).
    public let host: String
    public let port: Int?

    /// Nil unless `url` is `http` or `https` with a host and, if any, a numeric port; a path is ignored.
    public init?(url: String) {
        guard let separator = url.firstRange(of: "://") else { return nil }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host = Substring(authority)
        var port: Int?
        let portStart: Substring.Index?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let afterClose = authority.index(after: close)
            host = authority[...close]
            portStart = afterClose == authority.endIndex ? nil : afterClose
        } else {
            portStart = authority.firstIndex(of: ":")
            if let portStart { host = authority[..<portStart] }
        }
        if let portStart {
            guard authority[portStart] == ":", let number = Int(authority[authority.index(after: portStart)...]),
                  (1...65_535).contains(number)
            else { return nil }
            port = number
        }
        guard host.count > (host.hasPrefix("[") ? 2 : 0) else { return nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
    }

    /// The public endpoint of `service` in `region`, e.g. `https://kms.us-east-1.amazonaws.com`.
    public static func aws(service: String, region: String) -> AWSEndpoint? {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return AWSEndpoint(url: "https://\(service).\(region).\(suffix)")
    }

    /// The `Host` header value: the host, with the port unless it is the scheme's default.
    public var hostHeader: String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    /// The endpoint as a URL without a path, e.g. `http://localhost:8000`.
    public var url: String { "\(scheme)://\(hostHeader)" }

    public var description: String { url }
}
