import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// HTTP/1.1 connections that read from the socket at most `maxReadBytes` at a time. The reads queued
/// for a request not yet taken (or a refused body being discarded) then cost at most a few times
/// that per connection instead of NIO's default 64 KiB each.
struct SmallReadsChannel: ServerChildChannel {
    let http: HTTP1Channel
    let maxReadBytes: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        channel.setOption(ChannelOptions.recvAllocator,
                          value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: maxReadBytes))
            .flatMap { http.setup(channel: channel, logger: logger) }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await http.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 over `SmallReadsChannel`, closing connections idle for `idleTimeout`.
    static func http1(idleTimeout: TimeAmount, maxReadBytes: Int) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            SmallReadsChannel(http: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: idleTimeout)),
                              maxReadBytes: maxReadBytes)
        }
    }
}
