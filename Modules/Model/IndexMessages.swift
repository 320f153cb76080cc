import Foundation

/// One value of one field, as a blind index (docs/query-language.md#encrypted-indexes) tokenizes it: the field's
/// name and the value's canonical bytes, so that what a query's equality matches gets the token the entry got.
/// A type tag keeps types apart: `s` and the UTF-8 of a string, `n` and the shortest decimal of a number
/// (integers and doubles of one value alike: `504` and `504.0` are `n504`), `b` and `true` or `false`, `x` and the
/// bytes of an id or a bytes value. Text is in Unicode normalization form C, as Swift compares strings (canonically
/// equivalent strings are equal): `café` written precomposed or with a combining accent is one term.
public struct IndexTerm: Sendable, Hashable {
    public let field: String
    public let value: [UInt8]

    /// `field` is taken in normalization form C.
    public init(field: String, value: [UInt8]) {
        self.field = field.precomposedStringWithCanonicalMapping
        self.value = value
    }

    /// The term of a typed value; nil for arrays and maps, which no equality matches.
    public init?(field: String, _ value: AnyValue) {
        switch value {
        case .string(let text): self.init(field: field, value: Array("s\(text.precomposedStringWithCanonicalMapping)".utf8))
        case .int(let integer): self.init(field: field, value: Array("n\(integer)".utf8))
        case .double(let double):
            guard double.isFinite else { return nil }
            let exact = Int64(exactly: double)
            self.init(field: field, value: Array((exact.map { "n\($0)" } ?? "n\(double)").utf8))
        case .bool(let flag): self.init(field: field, value: Array("b\(flag)".utf8))
        case .bytes(let bytes): self.init(field: field, value: Array("x".utf8) + bytes)
        case .array, .map: return nil
        }
    }
}

/// Terms of one tenant to tokenize with its index key.
public struct IndexTokenRequest: Sendable {
    public let tenant: TenantID
    public let terms: [IndexTerm]

    public init(tenant: TenantID, terms: [IndexTerm]) {
        self.tenant = tenant
        self.terms = terms
    }
}

/// A blind-index token: HMAC-SHA256 of a term under the tenant's index key, its first 16 bytes. Equal terms of
/// one tenant have equal tokens; nothing else about the term can be learnt from it without the key.
public struct IndexToken: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var description: String { Hex.encode(bytes) }
}
