import Auth
import Bus
public import Composition
import Foundation
import Gateway
public import Logging

/// PBKDF2 iterations of the passwords of test pools: NIST's floor rather than OWASP's 600,000. The suites run in
/// parallel on two cores, and a hundred logins at the production cost would queue every other test's hashing and
/// signing behind them for longer than a test client waits.
public let testPasswordHashIterations = 1_000

/// A real LogService in a fresh data dir (or `dataDir`, already made by an earlier call), on the embedded defaults
/// unless `adjust` changes them.
public func makeTestService(_ adjust: (inout LogsvcSettings) -> Void = { _ in }, dataDir existing: String? = nil,
                            logger: Logger = quietLogger("service")) async throws -> (service: LogService, dataDir: String) {
    var config = try ConfigurationLoader.load(path: nil)
    config.server.host = "127.0.0.1"
    config.server.port = 0
    // Parallel suites share two cores; generous deadlines keep the tests about behaviour, not about the
    // machine's load.
    config.bus.routes = config.bus.routes.mapValues {
        Route(module: $0.module, concurrency: $0.concurrency, queue: $0.queue, timeoutMilliseconds: 60_000)
    }
    config.auth.passwordHashIterations = testPasswordHashIterations
    adjust(&config)
    if let existing { return (try await LogService.start(config: config, dataDir: existing, logger: logger), existing) }
    let dataDir = try Scratch.directory("logsvc-service")
    if config.auth.localPool {
        try await PoolTemplate.shared.copy(settings: config.auth, issuerBase: "http://\(config.server.host):\(config.server.port)",
                                           into: dataDir)
    }
    return (try await LogService.start(config: config, dataDir: dataDir, logger: logger), dataDir)
}
