import Foundation
import Glibc

/// A plain TCP connection to the server under test, driven from its own thread so blocking reads
/// never hold up the concurrency pool. It can stay unread, as a stuck client would.
final class RawConnection: @unchecked Sendable {
    fileprivate let socket: Int32
    /// Everything received so far (reads run one at a time).
    fileprivate var received: [UInt8] = []

    /// Connects to 127.0.0.1:`port` from the loopback address `source` (any of 127.0.0.0/8, so one test
    /// can play clients at several addresses), with a small receive buffer when `receiveBuffer` is given.
    init(port: Int, from source: String = "127.0.0.1", receiveBuffer: Int32? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw RawConnectionError("socket failed") }
        if var size = receiveBuffer {
            setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw RawConnectionError("bind to \(source) failed") }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw RawConnectionError("connect failed") }
    }

    deinit { close(socket) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(socket, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw RawConnectionError("send failed") }
    }

    /// Closes the sending side, as a client that has nothing more to send does (the server reads end of file).
    func finishSending() { Glibc.shutdown(socket, Int32(SHUT_WR)) }

    /// Reads until `done` holds for all that arrived since connecting, the peer closes, or 30 s pass
    /// without data; returns all that arrived.
    func read(until done: @escaping @Sendable (String) -> Bool = { _ in false }) async -> (text: String, closed: Bool) {
        await withCheckedContinuation { continuation in
            Thread {
                var received = self.received
                var buffer = [UInt8](repeating: 0, count: 65_536)
                var closed = false
                while !done(String(decoding: received, as: UTF8.self)) {
                    let count = recv(self.socket, &buffer, buffer.count, 0)
                    if count <= 0 {
                        closed = count == 0
                        break
                    }
                    received += buffer[0..<count]
                }
                self.received = received
                continuation.resume(returning: (String(decoding: received, as: UTF8.self), closed))
            }.start()
        }
    }
}

extension RawConnection {
    /// True if the server closes the connection within `timeout`; what arrives meanwhile is kept for `read`.
    func isClosed(within timeout: Duration) async -> Bool {
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return await withCheckedContinuation { continuation in
            Thread {
                let deadline = Date().addingTimeInterval(Double(milliseconds) / 1000)
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let left = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
                    var descriptor = pollfd(fd: self.socket, events: Int16(POLLIN), revents: 0)
                    guard poll(&descriptor, 1, left) > 0 else { return continuation.resume(returning: false) }
                    let count = recv(self.socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                    if count <= 0 { return continuation.resume(returning: true) }
                    self.received += buffer[0..<count]
                }
            }.start()
        }
    }
}

struct RawConnectionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
