public import Model

/// Why a query could not be read: where (a 1-based column, counted in characters) and what was expected there.
/// Answered 400 `invalid_request` with the message `query: column C: expected E, found F`.
public struct QuerySyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Characters before the offending token (0-based).
    public let offset: Int
    public let expected: String
    public let found: String

    public var column: Int { offset + 1 }

    public var description: String { "query: column \(column): expected \(expected), found \(found)" }

    var serviceError: ServiceError { ServiceError.invalid(description) }
}
