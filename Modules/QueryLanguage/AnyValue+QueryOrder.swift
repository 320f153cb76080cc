public import Model

extension AnyValue {
    /// The order `sort` and a stats table's rows use: numbers (integers and doubles together, by value), then
    /// strings (by Unicode scalars), then booleans (false first), then bytes, arrays and maps; a missing value is
    /// placed last whichever the direction (`descending` reverses only the order of present values).
    /// Negative: `a` first; 0: tied.
    public static func queryOrder(_ a: AnyValue?, _ b: AnyValue?, descending: Bool = false) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case (let a?, let b?):
            let order = a.queryRank != b.queryRank ? a.queryRank - b.queryRank : a.sameRankOrder(b)
            return descending ? -order : order
        }
    }

    private var queryRank: Int {
        switch self {
        case .int, .double: 0
        case .string: 1
        case .bool: 2
        case .bytes: 3
        case .array: 4
        case .map: 5
        }
    }

    private func sameRankOrder(_ other: AnyValue) -> Int {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (b < a ? 1 : 0) }
        switch (self, other) {
        case (.int(let a), .int(let b)): return order(a, b)
        case (.int(let a), .double(let b)): return order(Double(a), b)
        case (.double(let a), .int(let b)): return order(a, Double(b))
        case (.double(let a), .double(let b)): return order(a, b)
        case (.string(let a), .string(let b)): return a == b ? 0 : (a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : 1)
        case (.bool(let a), .bool(let b)): return order(a ? 1 : 0, b ? 1 : 0)
        case (.bytes(let a), .bytes(let b)): return a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
        default: return 0
        }
    }
}
