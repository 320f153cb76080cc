public import Hummingbird
public import Logging
public import Model
public import NIOCore

/// The request context of every route: Hummingbird's core context plus the caller's connection, or, behind
/// API Gateway, the principal its authorizer established.
public struct GatewayContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The connection, when the request came over one (the live tail closes it on a stuck client).
    public let channel: (any Channel)?
    /// The caller as an authorizer in front of this process proved it (API Gateway's Cognito authorizer); when nil,
    /// the `Authorization` header is verified. Never set from anything a client sends.
    public let authorizedPrincipal: Principal?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.channel = source.channel
        self.authorizedPrincipal = nil
    }

    /// A context for a request that arrived without a connection of ours (a Lambda invocation).
    public init(logger: Logger, authorizedPrincipal: Principal?) {
        self.coreContext = .init(source: LoggerSource(logger: logger))
        self.remoteAddress = nil
        self.channel = nil
        self.authorizedPrincipal = authorizedPrincipal
    }

    private struct LoggerSource: RequestContextSource {
        let logger: Logger
    }
}
