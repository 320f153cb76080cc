/// The tenant that owns log entries: every read and write is confined to one tenant.
public struct TenantID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts 1-128 characters of letters, digits, `.`, `_`, `-`, `:`, `@`; nil otherwise.
    public init?(_ rawValue: String) {
        guard (1...128).contains(rawValue.utf8.count),
              rawValue.utf8.allSatisfy({ TenantID.allowed($0) }) else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let tenant = TenantID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "invalid tenant id"))
        }
        self = tenant
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    private static func allowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }
}
