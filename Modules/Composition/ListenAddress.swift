import Glibc

/// The address `logsvc serve` is to listen on, checked before anything is written to the data dir.
public enum ListenAddress {
    /// Binds a socket to `host:port` (resolved as the server resolves it, with SO_REUSEADDR as it binds) and closes it
    /// again; a `StartupError` saying why when the address is taken, not this machine's, or not resolvable. Port 0
    /// always passes (the server then takes any free port). Another process may still take the port between this check
    /// and the server's bind; the server then fails with the system's message.
    public static func checkAvailable(host: String, port: Int) throws(StartupError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var results: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &results)
        guard resolved == 0, let first = results else {
            throw StartupError("server.host: \(host) is not an address this machine can listen on (\(String(cString: gai_strerror(resolved))))")
        }
        defer { freeaddrinfo(results) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                                first.pointee.ai_protocol)
        guard descriptor >= 0 else { throw StartupError("cannot open a socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let code = errno
            switch code {
            case EADDRINUSE:
                throw StartupError("\(host):\(port) is already in use by another process: stop it, or choose another "
                    + "server.port (--port; 0 takes any free port)")
            case EADDRNOTAVAIL:
                throw StartupError("server.host: \(host) is not an address of this machine")
            case EACCES:
                throw StartupError("\(host):\(port) needs privileges this process lacks (ports below 1024): choose a port of 1024 or more")
            default:
                throw StartupError("cannot listen on \(host):\(port): \(String(cString: strerror(code)))")
            }
        }
    }
}
