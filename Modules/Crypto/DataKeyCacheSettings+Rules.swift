public import Config

extension DataKeyCacheSettings: ConfigValidating {
    /// Every limit at least 1; messages per key at most 2^32, NIST SP 800-38D's bound for random 96-bit nonces.
    public func validate(_ rules: inout ConfigRules) {
        rules.require(maxAgeSeconds, in: 1..., at: "max_age_seconds")
        rules.require(maxMessages, in: 1...(1 << 32), at: "max_messages")
        rules.require(maxBytes, in: 1..., at: "max_bytes")
        rules.require(maxCachedKeys, in: 1..., at: "max_cached_keys")
    }
}

extension AWSKMSSettings: ConfigValidating {
    /// A region is named (the key id is required only when the keyring is `aws_kms`, checked by the whole configuration).
    public func validate(_ rules: inout ConfigRules) {
        rules.require(!region.isEmpty, at: ["region"], rule: "must name an AWS region, e.g. us-east-1")
    }
}
