public import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// The HTTP/1.1 connections of `logsvc serve`, each admitted by a `ConnectionRegistry` and held to its
/// deadlines by a `ConnectionGuard` (see `ServerSettings`). Reads from the socket take at most 16 KiB at a
/// time, and a request head at most 32 KiB, so what a connection holds before its request is authenticated
/// is small. The work for a request is cancelled when its client goes away.
struct HTTPServerChannel: ServerChildChannel, HTTPChannelHandler {
    enum Value: ServerChildChannelValue {
        case serving(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, ConnectionRecord)
        /// Closed at once: over a connection limit.
        case refused(any Channel)

        var channel: any Channel {
            switch self {
            case .serving(let http, _): http.channel
            case .refused(let channel): channel
            }
        }
    }

    let responder: HTTPChannelHandler.Responder
    let settings: ServerSettings
    let registry: ConnectionRegistry

    static let maxReadBytes = 16_384
    static let maxHeadBytes = 32_768

    init(responder: @escaping HTTPChannelHandler.Responder, settings: ServerSettings) {
        self.responder = responder
        self.settings = settings
        self.registry = ConnectionRegistry(maxConnections: settings.maxConnections, maxPerAddress: settings.maxConnectionsPerAddress)
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            guard let record = registry.admit(channel) else {
                channel.close(promise: nil)
                return .refused(channel)
            }
            try channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(
                minimum: 64, initial: 2048, maximum: HTTPServerChannel.maxReadBytes))
            let connection = ConnectionGuard(settings: settings, record: record)
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(ArrivalObserver(connection))
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderListSize = HTTPServerChannel.maxHeadBytes
            limits.maxHeaderFieldSize = HTTPServerChannel.maxHeadBytes
            try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false,
                                                     withOutboundHeaderValidation: false, withEncoderConfiguration: .init(),
                                                     withDecoderLimitConfiguration: limits)
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(connection)
            return .serving(try NIOAsyncChannel(wrappingChannelSynchronously: channel,
                                                configuration: .init(isOutboundHalfClosureEnabled: true)), record)
        }
    }

    func handle(value: Value, logger: Logger) async {
        guard case .serving(let http, let record) = value else { return }
        // The connection is served in a task of its own so that its record can cancel it.
        let work = Task { await ConnectionRecord.$current.withValue(record) { await handleHTTP(asyncChannel: http, logger: logger) } }
        record.attach(work)
        await withTaskCancellationHandler { await work.value } onCancel: { work.cancel() }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 over `HTTPServerChannel`.
    public static func guarded(_ settings: ServerSettings) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in HTTPServerChannel(responder: responder, settings: settings) }
    }
}
