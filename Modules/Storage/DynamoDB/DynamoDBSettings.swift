public import AWS
public import Logging
public import Model

/// Where the DynamoDB log table is (`storage.dynamodb` in the configuration).
public struct DynamoDBSettings: Sendable, Codable, Equatable {
    public var table: String
    public var region: String
    /// An endpoint URL overriding `https://dynamodb.<region>.amazonaws.com` (e.g. moto server); empty for none.
    public var endpoint: String
    /// Partitions each tenant's entries are spread over. Raise it for busy tenants; never lower it on a table in use
    /// (entries in the shards dropped would no longer be read).
    public var shards: Int

    public init(table: String, region: String, endpoint: String = "", shards: Int) {
        self.table = table
        self.region = region
        self.endpoint = endpoint
        self.shards = shards
    }
}

extension DynamoDBClient {
    /// A client for the table `settings` name, as `credentials`.
    public init(settings: DynamoDBSettings, credentials: AWSCredentials, retryPolicy: RetryPolicy = .standard,
                logger: Logger) throws(ServiceError) {
        try self.init(table: settings.table, region: settings.region, endpoint: settings.endpoint, credentials: credentials,
                      retryPolicy: retryPolicy, logger: logger)
    }
}
