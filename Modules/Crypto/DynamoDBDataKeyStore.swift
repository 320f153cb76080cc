public import AWS
import Foundation
public import Model
import Storage

/// Wrapped data keys in the DynamoDB log table, shared by every process on it (Lambda functions included):
/// a data key is the item `TENANT#datakeys` / id; a shredded tenant is `#shredded` / tenant.
public struct DynamoDBDataKeyStore: DataKeyStore {
    private let client: DynamoDBClient

    public init(client: DynamoDBClient) {
        self.client = client
    }

    public func insert(_ record: DataKeyRecord) async throws(ServiceError) {
        try await attempt { () throws(DynamoDBError) in
            try await client.putItem(item(record), condition: Condition("attribute_not_exists(pk)"))
        }
    }

    public func record(id: String, tenant: TenantID) async throws(ServiceError) -> DataKeyRecord? {
        try await attempt { () throws(DynamoDBError) in
            try await client.getItem(key(tenant: tenant.rawValue, id: id)).flatMap(DynamoDBDataKeyStore.record)
        }
    }

    public func records(notWrappedUnder keyID: String, limit: Int) async throws(ServiceError) -> [DataKeyRecord] {
        var found: [DataKeyRecord] = []
        try await scanDataKeys(filter: Condition("attribute_exists(#w) AND #k <> :kek", names: ["#w": "wrapped", "#k": "kek"],
                                                 values: [":kek": .string(keyID)])) { record in
            found.append(record)
            return found.count < limit
        }
        return found
    }

    public func replace(_ record: DataKeyRecord, with wrapped: WrappedDataKey) async throws(ServiceError) {
        let replaced = DataKeyRecord(id: record.id, tenant: record.tenant, wrapped: wrapped, createdAt: record.createdAt)
        try await attempt { () throws(DynamoDBError) in try await client.putItem(item(replaced)) }
    }

    public func countsByKeyEncryptionKey() async throws(ServiceError) -> [String: Int] {
        var counts: [String: Int] = [:]
        try await scanDataKeys(filter: Condition("attribute_exists(#w)", names: ["#w": "wrapped"])) { record in
            counts[record.wrapped.keyEncryptionKeyID, default: 0] += 1
            return true
        }
        return counts
    }

    public func shred(_ tenant: String, at time: Timestamp) async throws(ServiceError) -> Int {
        let keys = try await partition("\(tenant)#datakeys").compactMap { item -> AttributeValue.Item? in
            guard let pk = item["pk"], let sk = item["sk"] else { return nil }
            return ["pk": pk, "sk": sk]
        }
        try await attempt { () throws(DynamoDBError) in
            try await client.batchDelete(keys)
            try await client.putItem(["pk": .string(DynamoDBDataKeyStore.shreddedPartition), "sk": .string(tenant),
                                      "at": .integer(time.microseconds)])
        }
        return keys.count
    }

    public func shreddedTenants() async throws(ServiceError) -> [String: Timestamp] {
        var shredded: [String: Timestamp] = [:]
        for item in try await partition(DynamoDBDataKeyStore.shreddedPartition) {
            if let tenant = item["sk"]?.stringValue, let at = item["at"]?.integerValue {
                shredded[tenant] = Timestamp(microseconds: at)
            }
        }
        return shredded
    }

    // MARK: - Items

    /// Tenant ids never contain `#`, so this partition is no tenant's.
    static let shreddedPartition = "#shredded"

    private func key(tenant: String, id: String) -> AttributeValue.Item {
        ["pk": .string("\(tenant)#datakeys"), "sk": .string(id)]
    }

    private func item(_ record: DataKeyRecord) -> AttributeValue.Item {
        var item = key(tenant: record.tenant, id: record.id)
        item["tenant"] = .string(record.tenant)
        item["kek"] = .string(record.wrapped.keyEncryptionKeyID)
        item["wrapped"] = .binary(Data(record.wrapped.ciphertext))
        item["created"] = .integer(record.createdAt.microseconds)
        return item
    }

    private static func record(_ item: AttributeValue.Item) -> DataKeyRecord? {
        guard let id = item["sk"]?.stringValue, let tenant = item["tenant"]?.stringValue, let kek = item["kek"]?.stringValue,
              let wrapped = item["wrapped"]?.binaryValue, let created = item["created"]?.integerValue else { return nil }
        return DataKeyRecord(id: id, tenant: tenant, wrapped: WrappedDataKey(ciphertext: [UInt8](wrapped), keyEncryptionKeyID: kek),
                             createdAt: Timestamp(microseconds: created))
    }

    /// Every item of one partition.
    private func partition(_ pk: String) async throws(ServiceError) -> [AttributeValue.Item] {
        try await attempt { () throws(DynamoDBError) in
            try await client.queryAll(Query(keyCondition: Condition("#pk = :pk", names: ["#pk": "pk"], values: [":pk": .string(pk)]), limit: 1000,
                                            descending: false))
        }
    }

    /// Scans the table for data keys passing `filter`, until `visit` returns false.
    private func scanDataKeys(filter: Condition, _ visit: (DataKeyRecord) -> Bool) async throws(ServiceError) {
        var start: AttributeValue.Item?
        repeat {
            let page = try await attempt { () throws(DynamoDBError) in
                try await client.scan(filter: filter, limit: 1000, exclusiveStartKey: start)
            }
            for record in page.items.compactMap(DynamoDBDataKeyStore.record) where !visit(record) { return }
            start = page.lastEvaluatedKey
        } while start != nil
    }

    private func attempt<T>(_ body: () async throws(DynamoDBError) -> T) async throws(ServiceError) -> T {
        do {
            return try await body()
        } catch {
            switch error {
            case .conditionFailed:
                throw .internalError("a data key with this id already exists")
            case .failed(let failure):
                throw client.unavailable(failure, items: "the data key table")
            }
        }
    }
}
