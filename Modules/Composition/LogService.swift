public import Auth
public import Bus
import EnvelopeCrypto
import Foundation
public import Gateway
public import Hummingbird
import HummingbirdCore
import Ingest
public import Logging
import Model
import Query
import ServiceLifecycle
import Storage

/// One process of logsvc, built from a configuration: the bus, the modules the configuration
/// says this process hosts, and the stores and keyrings they use.
public final class LogService: Sendable {
    public let config: LogsvcSettings
    public let bus: Bus
    /// The local user pool, when this process hosts Auth.
    public let pool: UserPool?
    private let store: (any LogStore)?
    private let logger: Logger

    public static let moduleNames: Set<String> = [AuthModule.name, IngestModule.name, QueryModule.name, CryptoModule.name]

    private init(config: LogsvcSettings, bus: Bus, pool: UserPool?, store: (any LogStore)?, logger: Logger) {
        self.config = config
        self.bus = bus
        self.pool = pool
        self.store = store
        self.logger = logger
    }

    /// Builds the process in `dataDir` (created if missing, mode 0700).
    public static func start(config: LogsvcSettings, dataDir: String, logger: Logger) async throws(StartupError) -> LogService {
        let hosted = Set(config.modules)
        _ = MetricsExport.registry
        do {
            try SecretFile.makeDirectory(dataDir)
            let bus = try Bus(routes: config.bus.routes, hostedModules: hosted,
                              knownModules: LogService.moduleNames, logger: logger)
            let keys = hosted.contains(CryptoModule.name) ? try KeyringSetup.open(config, dataDir: dataDir, logger: logger) : nil
            var pool: UserPool?
            if hosted.contains(AuthModule.name) {
                func seal() throws(ServiceError) -> any SigningKeySeal {
                    if let keys { return keys.signingKeySeal }
                    return try KeyringSetup.signingKeySeal(config, dataDir: dataDir, logger: logger)
                }
                if config.auth.localPool {
                    pool = try await UserPool.open(
                        dataDir: dataDir, settings: config.auth, signingKeySeal: try seal(), createIfMissing: true,
                        defaultIssuerBase: "http://\(config.server.host):\(config.server.port)", logger: logger)
                }
                let tableKeys = try APIKeySetup.tableKeyring(config, seal: seal, logger: logger)
                try AuthModule(pool: pool, apiKeys: tableKeys, settings: config.auth, logger: logger).register(on: bus)
            }
            if let keys {
                try CryptoModule(keyring: keys.keyring, logger: logger).register(on: bus)
            }
            var store: (any LogStore)?
            if hosted.contains(IngestModule.name) || hosted.contains(QueryModule.name) {
                let opened = try StoreSetup.open(config, dataDir: dataDir, logger: logger)
                let cursorKey = try CursorKey.resolve(environment: ProcessInfo.processInfo.environment, dataDir: dataDir)
                if hosted.contains(IngestModule.name) {
                    try IngestModule(bus: bus, store: opened, settings: config.ingest,
                                     fingerprintKey: CursorKey.fingerprintKey(from: cursorKey), logger: logger).register(on: bus)
                }
                if hosted.contains(QueryModule.name) {
                    try QueryModule(bus: bus, store: opened, settings: config.query, cursorKey: cursorKey, logger: logger)
                        .register(on: bus)
                }
                store = opened
            }
            return LogService(config: config, bus: bus, pool: pool, store: store, logger: logger)
        } catch let error as BusError {
            throw StartupError("bus configuration: \(error.description)")
        } catch let error as ServiceError {
            throw StartupError(error.message)
        } catch {
            throw StartupError("\(error)")
        }
    }

    /// The REST router over this process's bus.
    public func router() -> Router<GatewayContext> {
        Gateway(bus: bus, settings: config.gateway, metrics: MetricsExport.text).router()
    }

    /// Finishes pending writes and closes the store.
    public func shutdown() async {
        await store?.close()
    }

    /// An HTTP server for this process that shuts down cleanly on SIGINT/SIGTERM: in-flight
    /// requests finish, then the store closes.
    public func application(host: String, port: Int,
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        Application(
            router: router(),
            server: .guarded(config.server),
            configuration: .init(address: .hostname(host, port: port), serverName: nil, backlog: config.server.listenBacklog),
            services: [ShutdownService(service: self)],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}

/// A failure to build the process, with a message for the operator.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}

/// Closes the service's store after the HTTP server has stopped.
struct ShutdownService: Service {
    let service: LogService

    func run() async throws {
        try? await gracefulShutdown()
        await service.shutdown()
    }
}
