import Foundation
public import Logging
public import Model

/// The few DynamoDB operations logsvc needs (the log table, the data keys), over `AWSClient` (JSON 1.0, SigV4, retries on
/// throttling and 5xx). Batch writes are split into calls of at most 25 items and their
/// UnprocessedItems retried with jittered exponential backoff within the retry budget.
public struct DynamoDBClient: Sendable {
    public let table: String
    private let client: AWSClient

    /// The most items one BatchWriteItem call may carry (an AWS limit moto does not enforce).
    public static let maxBatchWriteItems = 25
    /// The most keys one BatchGetItem call may carry.
    public static let maxBatchGetKeys = 100

    public init(table: String, client: AWSClient) {
        self.table = table
        self.client = client
    }

    /// A client for `table` in `region` (or at `endpoint`, e.g. moto server, when not empty), as `credentials`;
    /// `unavailable` when the settings are unusable.
    public init(table: String, region: String, endpoint: String, credentials: AWSCredentials,
                retryPolicy: RetryPolicy = .standard, logger: Logger) throws(ServiceError) {
        guard !table.isEmpty else { throw .unavailable("the DynamoDB table name is empty") }
        // Query pages are at most 1 MB of data; their JSON (base64 of sealed messages) somewhat more.
        self.init(table: table, client: try AWSClient.configured(service: "dynamodb", name: "DynamoDB", region: region,
                                                                 endpoint: endpoint, credentials: credentials,
                                                                 retryPolicy: retryPolicy, maxResponseBytes: 16 << 20,
                                                                 logger: logger))
    }

    /// Writes `item`; with a condition, `DynamoDBError.conditionFailed` when it does not hold.
    public func putItem(_ item: AttributeValue.Item, condition: Condition? = nil) async throws(DynamoDBError) {
        let _: Empty = try await call("PutItem", ConditionalItemInput(tableName: table, member: "Item", item: item, condition: condition))
    }

    /// The item under `key` (strongly consistent), or nil.
    public func getItem(_ key: AttributeValue.Item) async throws(DynamoDBError) -> AttributeValue.Item? {
        let output: GetItemOutput = try await call("GetItem", GetItemInput(tableName: table, key: key, consistentRead: true))
        return output.item
    }

    /// Deletes the item under `key`; with a condition, `conditionFailed` when it does not hold.
    public func deleteItem(_ key: AttributeValue.Item, condition: Condition? = nil) async throws(DynamoDBError) {
        let _: Empty = try await call("DeleteItem", ConditionalItemInput(tableName: table, member: "Key", item: key, condition: condition))
    }

    /// Applies `update` (an update expression) to the item under `key`, creating it when missing; with a condition,
    /// `conditionFailed` when it does not hold.
    public func updateItem(_ key: AttributeValue.Item, update: Condition, condition: Condition? = nil) async throws(DynamoDBError) {
        let _: Empty = try await call("UpdateItem", UpdateItemInput(tableName: table, key: key, update: update, condition: condition))
    }

    /// Makes every write or none (TransactWriteItems, at most 100 writes on distinct items). `conditionFailed` when
    /// DynamoDB cancelled the transaction: a condition did not hold, or another transaction wrote one of the items.
    public func transactWrite(_ writes: [TransactWrite]) async throws(DynamoDBError) {
        let _: Empty = try await call("TransactWriteItems", TransactWriteItemsInput(tableName: table, writes: writes))
    }

    /// Puts every item, in calls of at most 25, until DynamoDB has processed them all or the retry budget is spent.
    public func batchPut(_ items: [AttributeValue.Item]) async throws(DynamoDBError) {
        try await batchWrite(items.map { WriteRequest(putRequest: .init(item: $0), deleteRequest: nil) })
    }

    /// Deletes the items under `keys`, in calls of at most 25.
    public func batchDelete(_ keys: [AttributeValue.Item]) async throws(DynamoDBError) {
        try await batchWrite(keys.map { WriteRequest(putRequest: nil, deleteRequest: .init(key: $0)) })
    }

    /// The items under `keys` that exist, with only the `projection` attributes, in calls of at most 100 keys.
    public func batchGet(_ keys: [AttributeValue.Item], projection: [String]) async throws(DynamoDBError) -> [AttributeValue.Item] {
        var found: [AttributeValue.Item] = []
        var start = 0
        while start < keys.count {
            let end = min(start + DynamoDBClient.maxBatchGetKeys, keys.count)
            var pending = Array(keys[start..<end])
            var retries = Retries(policy: client.settings.retryPolicy)
            while !pending.isEmpty {
                let projected = Projection(projection)
                let input = BatchGetItemInput(requestItems: [table: .init(keys: pending, consistentRead: true,
                                                                        projectionExpression: projected.expression,
                                                                        expressionAttributeNames: projected.names)])
                let output: BatchGetItemOutput = try await call("BatchGetItem", input)
                found += output.responses?[table] ?? []
                pending = output.unprocessedKeys?[table]?.keys ?? []
                if !pending.isEmpty { try await retries.wait(operation: "BatchGetItem", left: pending.count) }
            }
            start = end
        }
        return found
    }

    /// One page of a query.
    public func query(_ query: Query) async throws(DynamoDBError) -> QueryPage {
        let output: QueryOutput = try await call("Query", QueryInput(tableName: table, query: query))
        return QueryPage(items: output.items ?? [], lastEvaluatedKey: output.lastEvaluatedKey)
    }

    /// Every item of a query, page after page, held at once: for partitions of a few thousand items at most.
    public func queryAll(_ query: Query) async throws(DynamoDBError) -> [AttributeValue.Item] {
        var query = query
        var items: [AttributeValue.Item] = []
        repeat {
            let page = try await self.query(query)
            items += page.items
            query.exclusiveStartKey = page.lastEvaluatedKey
        } while query.exclusiveStartKey != nil
        return items
    }

    /// One page of a scan of the whole table, with only the items passing `filter`.
    public func scan(filter: Condition?, limit: Int, exclusiveStartKey: AttributeValue.Item?) async throws(DynamoDBError) -> QueryPage {
        let output: QueryOutput = try await call("Scan", ScanInput(tableName: table, filter: filter, limit: limit,
                                                                   exclusiveStartKey: exclusiveStartKey))
        return QueryPage(items: output.items ?? [], lastEvaluatedKey: output.lastEvaluatedKey)
    }

    /// Creates the log table (on-demand, `pk`/`sk` strings) unless it exists, waits until it is active and turns on
    /// TTL on `ttlAttribute`. Returns false when the table already existed.
    public func createTable(ttlAttribute: String) async throws(DynamoDBError) -> Bool {
        var created = true
        do {
            let _: Empty = try await call("CreateTable", CreateTableInput(tableName: table))
        } catch .failed(let error) where error.serviceError?.type == "ResourceInUseException" {
            created = false
        }
        var polls = 0
        while try await tableStatus() != "ACTIVE" {
            polls += 1
            guard polls < 600 else {
                throw .failed(AWSCallError(.invalidResponse("the table did not become ACTIVE within a minute"),
                                           operation: "DescribeTable", attempts: polls))
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        let _: Empty = try await call("UpdateTimeToLive", UpdateTimeToLiveInput(tableName: table, attribute: ttlAttribute))
        return created
    }

    /// The table's status (`ACTIVE`, `CREATING`, ...); `DynamoDBError.failed` with `ResourceNotFoundException` when missing.
    public func tableStatus() async throws(DynamoDBError) -> String {
        let output: DescribeTableOutput = try await call("DescribeTable", DescribeTableInput(tableName: table))
        return output.table.tableStatus
    }

    private func batchWrite(_ requests: [WriteRequest]) async throws(DynamoDBError) {
        var start = 0
        while start < requests.count {
            let end = min(start + DynamoDBClient.maxBatchWriteItems, requests.count)
            try await batchWriteCall(Array(requests[start..<end]))
            start = end
        }
    }

    /// One BatchWriteItem of at most 25 requests, resent with what DynamoDB left unprocessed.
    private func batchWriteCall(_ requests: [WriteRequest]) async throws(DynamoDBError) {
        guard requests.count <= DynamoDBClient.maxBatchWriteItems else {
            throw .failed(AWSCallError(.invalidRequest("BatchWriteItem takes at most 25 items, not \(requests.count)"),
                                       operation: "BatchWriteItem", attempts: 0))
        }
        var pending = requests
        var retries = Retries(policy: client.settings.retryPolicy)
        while !pending.isEmpty {
            let output: BatchWriteItemOutput = try await call("BatchWriteItem", BatchWriteItemInput(requestItems: [table: pending]))
            pending = output.unprocessedItems?[table] ?? []
            if !pending.isEmpty { try await retries.wait(operation: "BatchWriteItem", left: pending.count) }
        }
    }

    private func call<Input: Encodable, Output: Decodable>(_ operation: String, _ input: Input) async throws(DynamoDBError) -> Output {
        do {
            return try await client.call(.dynamoDB, operation, input, as: Output.self)
        } catch {
            switch error.serviceError?.type {
            case "ConditionalCheckFailedException", "TransactionCanceledException": throw .conditionFailed
            default: break
            }
            throw .failed(error)
        }
    }
}

/// Why a DynamoDB call failed.
public enum DynamoDBError: Error, Sendable {
    /// The condition of a conditional write did not hold, or a transaction was cancelled.
    case conditionFailed
    /// DynamoDB refused, was unreachable, or kept items unprocessed past the retry budget.
    case failed(AWSCallError)
}

/// Backoff for items DynamoDB left unprocessed: full jitter, within the policy's attempts and time budget.
private struct Retries {
    let policy: RetryPolicy
    private let deadline: ContinuousClock.Instant
    private var attempts = 0

    init(policy: RetryPolicy) {
        self.policy = policy
        self.deadline = .now + policy.totalBudget
    }

    mutating func wait(operation: String, left: Int) async throws(DynamoDBError) {
        attempts += 1
        let delay = policy.randomDelay(afterFailedAttempts: attempts)
        let exhausted = AWSCallError(.service(AWSServiceError(type: "ProvisionedThroughputExceededException",
                                                              message: "\(left) items still unprocessed", httpStatus: 400)),
                                     operation: operation, attempts: attempts)
        guard attempts < policy.maxAttempts * 4, ContinuousClock.now + delay < deadline else { throw .failed(exhausted) }
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw .failed(AWSCallError(.cancelled, operation: operation, attempts: attempts))
        }
    }
}

private struct Empty: Codable {}
