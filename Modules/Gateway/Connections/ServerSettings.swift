/// The listener and what each connection may hold (`server:` in the YAML). The timeouts follow Apache's
/// mod_reqtimeout: a request's head and body each have a deadline of their own that data arriving slowly does
/// not push back, so a client cannot hold a connection by trickling bytes.
public struct ServerSettings: Sendable, Codable, Equatable {
    public var host: String
    public var port: Int
    /// Open connections at most. At the limit, the connection idle longest (between requests) is closed to make
    /// room for a new one; when none is idle, the new one is closed at once.
    public var maxConnections: Int
    /// Open connections from one client address at most; more are closed at once. 0: no limit (behind a proxy
    /// or load balancer, where every client has its address).
    public var maxConnectionsPerAddress: Int
    /// Connections the kernel queues for the service to accept (the `backlog` of listen(2), which Linux caps at
    /// `net.core.somaxconn`). A flood of new connections past it makes the kernel drop new SYNs, so a client that
    /// arrives during one waits for its own retransmission (a second or more).
    public var listenBacklog: Int
    /// Seconds a connection may wait for the first byte of its next request.
    public var idleTimeoutSeconds: Int
    /// Seconds from the first byte of a request to the end of its head (request line and headers).
    public var headTimeoutSeconds: Int
    /// Seconds a request body has to arrive, pushed back by one second for every `bodyMinRate` bytes that do,
    /// up to `bodyMaxSeconds` in all.
    public var bodyTimeoutSeconds: Int
    /// Bytes per second a body must keep up, on average, past its first `bodyTimeoutSeconds`.
    public var bodyMinRate: Int
    /// Seconds a request body may take in all.
    public var bodyMaxSeconds: Int
    /// Seconds a client may take nothing of an answer (the connection stays unwritable) before it is closed.
    public var sendTimeoutSeconds: Int
    /// Requests on one connection; the last is answered with `Connection: close`.
    public var maxRequestsPerConnection: Int
    /// Seconds a connection is kept; the answer after that is sent with `Connection: close`.
    public var maxConnectionAgeSeconds: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, maxConnections: Int = 4096, maxConnectionsPerAddress: Int = 64,
                listenBacklog: Int = 4096,
                idleTimeoutSeconds: Int = 60, headTimeoutSeconds: Int = 10, bodyTimeoutSeconds: Int = 10, bodyMinRate: Int = 16_384,
                bodyMaxSeconds: Int = 60, sendTimeoutSeconds: Int = 30, maxRequestsPerConnection: Int = 1000,
                maxConnectionAgeSeconds: Int = 3600) {
        self.host = host
        self.port = port
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.listenBacklog = listenBacklog
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.headTimeoutSeconds = headTimeoutSeconds
        self.bodyTimeoutSeconds = bodyTimeoutSeconds
        self.bodyMinRate = bodyMinRate
        self.bodyMaxSeconds = bodyMaxSeconds
        self.sendTimeoutSeconds = sendTimeoutSeconds
        self.maxRequestsPerConnection = maxRequestsPerConnection
        self.maxConnectionAgeSeconds = maxConnectionAgeSeconds
    }

    enum CodingKeys: String, CodingKey {
        case host, port
        case maxConnections = "max_connections"
        case maxConnectionsPerAddress = "max_connections_per_address"
        case listenBacklog = "listen_backlog"
        case idleTimeoutSeconds = "idle_timeout_seconds"
        case headTimeoutSeconds = "head_timeout_seconds"
        case bodyTimeoutSeconds = "body_timeout_seconds"
        case bodyMinRate = "body_min_rate"
        case bodyMaxSeconds = "body_max_seconds"
        case sendTimeoutSeconds = "send_timeout_seconds"
        case maxRequestsPerConnection = "max_requests_per_connection"
        case maxConnectionAgeSeconds = "max_connection_age_seconds"
    }
}
