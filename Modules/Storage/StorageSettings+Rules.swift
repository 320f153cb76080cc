public import Config

extension Retention: ConfigValidating {
    /// 0 or more days (0: forever).
    public func validate(_ rules: inout ConfigRules) {
        rules.require(days, in: 0..., at: "days", zeroMeans: "keep entries forever")
    }
}

extension DynamoDBSettings: ConfigValidating {
    /// At least one shard and a region (the table is required only when the backend is `dynamodb`, checked by the
    /// whole configuration).
    public func validate(_ rules: inout ConfigRules) {
        rules.require(shards, in: 1..., at: "shards")
        rules.require(!region.isEmpty, at: ["region"], rule: "must name an AWS region, e.g. us-east-1")
    }
}
