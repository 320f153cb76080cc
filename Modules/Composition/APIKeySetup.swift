import AWS
public import Auth
public import Foundation
public import Logging
public import Model
import Storage

/// Where the API keys of a process without a local pool live, for the service and the admin CLI alike.
public enum APIKeySetup {
    /// The API keys of the DynamoDB table, when the configuration keeps no local pool and stores its entries there (the
    /// AWS shape); nil otherwise: a local pool keeps its own keys in `identity.sqlite`, and a process with neither
    /// accepts no API key. The keys' hash key is sealed by what `seal` opens (the keyring's root key: the KMS key).
    public static func tableKeyring(_ config: LogsvcSettings, seal: () throws(ServiceError) -> any SigningKeySeal,
                                    environment: [String: String] = ProcessInfo.processInfo.environment,
                                    logger: Logger) throws(ServiceError) -> APIKeyring? {
        guard !config.auth.localPool, config.storage.backend == .dynamodb else { return nil }
        let client = try DynamoDBClient(settings: config.storage.dynamodb,
                                        credentials: AWSCredentials.required(from: environment, by: "DynamoDB"), logger: logger)
        return APIKeyring(table: client, seal: try seal())
    }
}
