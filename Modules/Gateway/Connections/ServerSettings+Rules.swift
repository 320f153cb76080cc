public import Config

extension ServerSettings: ConfigValidating {
    /// A TCP port (RFC 793) or 0 for any free one; every count and deadline at least 1, but the per-address limit
    /// (0: none); a body may take at least its first deadline in all.
    public func validate(_ rules: inout ConfigRules) {
        rules.require(!host.isEmpty, at: ["host"], rule: "must name an address, e.g. 127.0.0.1 or 0.0.0.0")
        rules.require(port, in: 0...65535, at: "port")
        rules.require(maxConnections, in: 1..., at: "max_connections")
        rules.require(maxConnectionsPerAddress, in: 0..., at: "max_connections_per_address", zeroMeans: "no limit")
        rules.require(listenBacklog, in: 1..., at: "listen_backlog")
        rules.require(idleTimeoutSeconds, in: 1..., at: "idle_timeout_seconds")
        rules.require(headTimeoutSeconds, in: 1..., at: "head_timeout_seconds")
        rules.require(bodyTimeoutSeconds, in: 1..., at: "body_timeout_seconds")
        rules.require(bodyMinRate, in: 1..., at: "body_min_rate")
        rules.require(bodyMaxSeconds >= bodyTimeoutSeconds, at: ["body_max_seconds"], related: [["body_timeout_seconds"]],
                      rule: "body_max_seconds (\(bodyMaxSeconds)) must be at least body_timeout_seconds (\(bodyTimeoutSeconds))")
        rules.require(sendTimeoutSeconds, in: 1..., at: "send_timeout_seconds")
        rules.require(maxRequestsPerConnection, in: 1..., at: "max_requests_per_connection")
        rules.require(maxConnectionAgeSeconds, in: 1..., at: "max_connection_age_seconds")
    }
}
