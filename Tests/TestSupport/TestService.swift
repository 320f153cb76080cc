public import Composition
import Foundation

/// A real LogService in a fresh data dir, on the embedded defaults unless `adjust` changes them.
public func makeTestService(_ adjust: (inout LogsvcConfig) -> Void = { _ in }) throws -> (service: LogService, dataDir: String) {
    var config = try ConfigurationLoader.load(path: nil)
    config.server.host = "127.0.0.1"
    config.server.port = 0
    adjust(&config)
    let dataDir = try Scratch.directory("logsvc-service")
    return (try LogService(config: config, dataDir: dataDir, logger: quietLogger("service")), dataDir)
}
