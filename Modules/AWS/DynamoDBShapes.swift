/// A condition or key-condition expression with its placeholder names (`#n`) and values (`:v`).
public struct Condition: Sendable {
    public let expression: String
    public let names: [String: String]
    public let values: AttributeValue.Item

    public init(_ expression: String, names: [String: String] = [:], values: AttributeValue.Item = [:]) {
        self.expression = expression
        self.names = names
        self.values = values
    }
}

/// One Query call: a key condition on a partition, an optional filter, a page size and where to resume.
public struct Query: Sendable {
    public var keyCondition: Condition
    public var filter: Condition?
    public var limit: Int
    /// Sort-key descending (`ScanIndexForward: false`).
    public var descending: Bool
    public var exclusiveStartKey: AttributeValue.Item?
    /// The attributes each item returns (`ProjectionExpression`); nil: all. A projection saves transfer, not read
    /// capacity, which counts the whole item.
    public var projection: [String]?

    public init(keyCondition: Condition, filter: Condition? = nil, limit: Int, descending: Bool,
                exclusiveStartKey: AttributeValue.Item? = nil, projection: [String]? = nil) {
        self.keyCondition = keyCondition
        self.filter = filter
        self.limit = limit
        self.descending = descending
        self.exclusiveStartKey = exclusiveStartKey
        self.projection = projection
    }
}

/// The items of one Query call and, when there may be more, the key to resume from.
public struct QueryPage: Sendable {
    public let items: [AttributeValue.Item]
    public let lastEvaluatedKey: AttributeValue.Item?
}

// MARK: - Wire shapes (AWS JSON 1.0, DynamoDB_20120810)

/// PutItem (member `Item`) or DeleteItem (member `Key`), with an optional condition.
struct ConditionalItemInput: Encodable {
    let tableName: String
    let member: WireKey
    let item: AttributeValue.Item
    let condition: Condition?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireKey.self)
        try container.encode(tableName, forKey: "TableName")
        try container.encode(item, forKey: member)
        try container.encodeCondition(condition, as: "ConditionExpression")
    }
}

struct GetItemInput: Encodable {
    let tableName: String
    let key: AttributeValue.Item
    let consistentRead: Bool

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", key = "Key", consistentRead = "ConsistentRead"
    }
}

struct GetItemOutput: Decodable {
    let item: AttributeValue.Item?

    enum CodingKeys: String, CodingKey { case item = "Item" }
}

struct WriteRequest: Codable {
    struct Put: Codable {
        let item: AttributeValue.Item
        enum CodingKeys: String, CodingKey { case item = "Item" }
    }
    struct Delete: Codable {
        let key: AttributeValue.Item
        enum CodingKeys: String, CodingKey { case key = "Key" }
    }
    let putRequest: Put?
    let deleteRequest: Delete?

    enum CodingKeys: String, CodingKey { case putRequest = "PutRequest", deleteRequest = "DeleteRequest" }
}

struct BatchWriteItemInput: Encodable {
    let requestItems: [String: [WriteRequest]]
    enum CodingKeys: String, CodingKey { case requestItems = "RequestItems" }
}

struct BatchWriteItemOutput: Decodable {
    let unprocessedItems: [String: [WriteRequest]]?
    enum CodingKeys: String, CodingKey { case unprocessedItems = "UnprocessedItems" }
}

struct KeysAndAttributes: Codable {
    let keys: [AttributeValue.Item]
    let consistentRead: Bool?
    let projectionExpression: String?
    let expressionAttributeNames: [String: String]?

    init(keys: [AttributeValue.Item], consistentRead: Bool?, projectionExpression: String?,
         expressionAttributeNames: [String: String]?) {
        self.keys = keys
        self.consistentRead = consistentRead
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
    }

    enum CodingKeys: String, CodingKey {
        case keys = "Keys", consistentRead = "ConsistentRead", projectionExpression = "ProjectionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
    }
}

struct BatchGetItemInput: Encodable {
    let requestItems: [String: KeysAndAttributes]
    enum CodingKeys: String, CodingKey { case requestItems = "RequestItems" }
}

struct BatchGetItemOutput: Decodable {
    let responses: [String: [AttributeValue.Item]]?
    let unprocessedKeys: [String: KeysAndAttributes]?
    enum CodingKeys: String, CodingKey { case responses = "Responses", unprocessedKeys = "UnprocessedKeys" }
}

/// A `ProjectionExpression` naming each attribute through a placeholder (`#p0`, `#p1`, ...), so that reserved
/// words are safe.
struct Projection {
    let expression: String
    let names: [String: String]

    init(_ attributes: [String]) {
        names = Dictionary(uniqueKeysWithValues: attributes.enumerated().map { ("#p\($0.offset)", $0.element) })
        expression = names.keys.sorted().joined(separator: ",")
    }
}

struct QueryInput: Encodable {
    let tableName: String
    let query: Query

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireKey.self)
        try container.encode(tableName, forKey: "TableName")
        try container.encode(query.keyCondition.expression, forKey: "KeyConditionExpression")
        if let filter = query.filter { try container.encode(filter.expression, forKey: "FilterExpression") }
        let projection = query.projection.map(Projection.init)
        if let projection { try container.encode(projection.expression, forKey: "ProjectionExpression") }
        let names = query.keyCondition.names.merging(query.filter?.names ?? [:]) { first, _ in first }
            .merging(projection?.names ?? [:]) { first, _ in first }
        let values = query.keyCondition.values.merging(query.filter?.values ?? [:]) { first, _ in first }
        if !names.isEmpty { try container.encode(names, forKey: "ExpressionAttributeNames") }
        if !values.isEmpty { try container.encode(values, forKey: "ExpressionAttributeValues") }
        try container.encode(query.limit, forKey: "Limit")
        try container.encode(!query.descending, forKey: "ScanIndexForward")
        try container.encode(true, forKey: "ConsistentRead")
        if let start = query.exclusiveStartKey { try container.encode(start, forKey: "ExclusiveStartKey") }
    }
}

struct ScanInput: Encodable {
    let tableName: String
    let filter: Condition?
    let limit: Int
    let exclusiveStartKey: AttributeValue.Item?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireKey.self)
        try container.encode(tableName, forKey: "TableName")
        try container.encodeCondition(filter, as: "FilterExpression")
        try container.encode(limit, forKey: "Limit")
        try container.encode(true, forKey: "ConsistentRead")
        if let start = exclusiveStartKey { try container.encode(start, forKey: "ExclusiveStartKey") }
    }
}

struct QueryOutput: Decodable {
    let items: [AttributeValue.Item]?
    let lastEvaluatedKey: AttributeValue.Item?
    enum CodingKeys: String, CodingKey { case items = "Items", lastEvaluatedKey = "LastEvaluatedKey" }
}

/// The log table: string `pk` and `sk`, billed per request.
struct CreateTableInput: Encodable {
    let tableName: String

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireKey.self)
        try container.encode(tableName, forKey: "TableName")
        try container.encode([["AttributeName": "pk", "AttributeType": "S"], ["AttributeName": "sk", "AttributeType": "S"]],
                             forKey: "AttributeDefinitions")
        try container.encode([["AttributeName": "pk", "KeyType": "HASH"], ["AttributeName": "sk", "KeyType": "RANGE"]],
                             forKey: "KeySchema")
        try container.encode("PAY_PER_REQUEST", forKey: "BillingMode")
    }
}

struct DescribeTableInput: Encodable {
    let tableName: String
    enum CodingKeys: String, CodingKey { case tableName = "TableName" }
}

struct DescribeTableOutput: Decodable {
    struct Table: Decodable {
        let tableStatus: String
        enum CodingKeys: String, CodingKey { case tableStatus = "TableStatus" }
    }
    let table: Table
    enum CodingKeys: String, CodingKey { case table = "Table" }
}

struct UpdateTimeToLiveInput: Encodable {
    let tableName: String
    let attribute: String

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireKey.self)
        try container.encode(tableName, forKey: "TableName")
        try container.encode(TTLSpecification(attributeName: attribute), forKey: "TimeToLiveSpecification")
    }

    private struct TTLSpecification: Encodable {
        let attributeName: String
        let enabled = true
        enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", enabled = "Enabled" }
    }
}

/// A member name of a request shape, for shapes whose members depend on their content.
struct WireKey: CodingKey, ExpressibleByStringLiteral {
    let stringValue: String
    var intValue: Int? { nil }

    init(stringLiteral value: String) { stringValue = value }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer<WireKey> {
    /// A condition expression with its names and values, when there is one.
    mutating func encodeCondition(_ condition: Condition?, as key: WireKey) throws {
        guard let condition else { return }
        try encode(condition.expression, forKey: key)
        if !condition.names.isEmpty { try encode(condition.names, forKey: "ExpressionAttributeNames") }
        if !condition.values.isEmpty { try encode(condition.values, forKey: "ExpressionAttributeValues") }
    }
}
