import Auth
import Bus
public import Composition
import Foundation
import Gateway
public import Logging

/// A real LogService in a fresh data dir, on the embedded defaults unless `adjust` changes them.
public func makeTestService(_ adjust: (inout LogsvcConfig) -> Void = { _ in },
                            logger: Logger = quietLogger("service")) async throws -> (service: LogService, dataDir: String) {
    var config = try ConfigurationLoader.load(path: nil)
    config.server.host = "127.0.0.1"
    config.server.port = 0
    // Parallel suites share two cores; generous deadlines keep the tests about behaviour, not about the
    // machine's load.
    config.bus.routes = config.bus.routes.mapValues {
        Route(module: $0.module, concurrency: $0.concurrency, queue: $0.queue, timeoutMilliseconds: 60_000)
    }
    adjust(&config)
    let dataDir = try Scratch.directory("logsvc-service")
    if config.auth.localPool {
        try await PoolTemplate.shared.copy(settings: config.auth, issuerBase: "http://\(config.server.host):\(config.server.port)",
                                           into: dataDir)
    }
    return (try await LogService.start(config: config, dataDir: dataDir, logger: logger), dataDir)
}
