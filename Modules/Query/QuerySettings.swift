/// Bounds on reads (`query:` in the YAML).
public struct QuerySettings: Sendable, Codable, Equatable {
    public var defaultLimit: Int
    public var maxLimit: Int

    public init(defaultLimit: Int = 100, maxLimit: Int = 1000) {
        self.defaultLimit = defaultLimit
        self.maxLimit = maxLimit
    }

    enum CodingKeys: String, CodingKey {
        case defaultLimit = "default_limit"
        case maxLimit = "max_limit"
    }
}
