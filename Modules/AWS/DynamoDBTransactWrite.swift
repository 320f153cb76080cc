/// One write of a TransactWriteItems call, in which every write happens or none does (DynamoDB API Reference,
/// TransactWriteItems). Each write names its item's key; a condition that does not hold cancels them all.
public enum TransactWrite: Sendable {
    /// PutItem: writes `item` whole.
    case put(AttributeValue.Item, condition: Condition?)
    /// UpdateItem: applies `update` (an update expression, e.g. `SET #v = :v`) to the item under `key`.
    case update(key: AttributeValue.Item, update: Condition, condition: Condition?)
    /// ConditionCheck: writes nothing; cancels the transaction unless `condition` holds for the item under `key`.
    case conditionCheck(key: AttributeValue.Item, condition: Condition)
}

/// TransactWriteItems' request: `TransactItems`, each a single-member object (`Put`, `Update` or `ConditionCheck`).
struct TransactWriteItemsInput: Encodable {
    let tableName: String
    let writes: [TransactWrite]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireKey.self)
        try container.encode(writes.map { Member(tableName: tableName, write: $0) }, forKey: "TransactItems")
    }

    private struct Member: Encodable {
        let tableName: String
        let write: TransactWrite

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: WireKey.self)
            switch write {
            case .put(let item, let condition):
                try container.encode(ConditionalItemInput(tableName: tableName, member: "Item", item: item, condition: condition),
                                     forKey: "Put")
            case .update(let key, let update, let condition):
                try container.encode(UpdateItemInput(tableName: tableName, key: key, update: update, condition: condition), forKey: "Update")
            case .conditionCheck(let key, let condition):
                try container.encode(ConditionalItemInput(tableName: tableName, member: "Key", item: key, condition: condition),
                                     forKey: "ConditionCheck")
            }
        }
    }
}

/// UpdateItem's request (and a transaction's `Update`): the update expression and the condition share one set of
/// placeholder names and values.
struct UpdateItemInput: Encodable {
    let tableName: String
    let key: AttributeValue.Item
    let update: Condition
    let condition: Condition?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireKey.self)
        try container.encode(tableName, forKey: "TableName")
        try container.encode(key, forKey: "Key")
        try container.encode(update.expression, forKey: "UpdateExpression")
        if let condition { try container.encode(condition.expression, forKey: "ConditionExpression") }
        let names = update.names.merging(condition?.names ?? [:]) { first, _ in first }
        let values = update.values.merging(condition?.values ?? [:]) { first, _ in first }
        if !names.isEmpty { try container.encode(names, forKey: "ExpressionAttributeNames") }
        if !values.isEmpty { try container.encode(values, forKey: "ExpressionAttributeValues") }
    }
}
