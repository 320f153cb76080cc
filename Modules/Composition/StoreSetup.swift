import AWS
public import Foundation
public import Logging
public import Model
public import Storage

/// The entry store the configuration names, for the service and the admin CLI alike.
public enum StoreSetup {
    /// Opens the configured store: the SQLite file in the data dir, or the DynamoDB table.
    public static func open(_ config: LogsvcSettings, dataDir: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            logger: Logger) throws(ServiceError) -> any LogStore {
        switch config.storage.backend {
        case .sqlite:
            let sqlite = config.storage.sqlite
            return try SQLiteLogStore(path: KeyringSetup.resolve(sqlite.file, in: dataDir), durability: sqlite.durability,
                                      retention: config.retention, logger: logger)
        case .dynamodb:
            return try DynamoDBLogStore(settings: config.storage.dynamodb, credentials: AWSCredentials.required(from: environment, by: "DynamoDB"),
                                        retention: config.retention, logger: logger)
        }
    }

    /// Creates the configured DynamoDB table (with TTL on) unless it exists; false when it existed.
    public static func createTable(_ settings: DynamoDBSettings,
                                   environment: [String: String] = ProcessInfo.processInfo.environment,
                                   logger: Logger) async throws(ServiceError) -> Bool {
        let client = try DynamoDBClient(settings: settings, credentials: AWSCredentials.required(from: environment, by: "DynamoDB"), logger: logger)
        do {
            return try await client.createTable(ttlAttribute: DynamoDBLogStore.ttlAttribute)
        } catch {
            throw .unavailable("creating the table \(settings.table) failed: \(error)")
        }
    }
}
