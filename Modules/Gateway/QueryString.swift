import Model

/// The parameters of a request's query string, read as HTML form encoding does (`application/x-www-form-urlencoded`,
/// WHATWG URL standard section 5.1), as every form-encoding client writes them: `+` is a space and `%XX` a byte, in
/// names and values alike. Only the parameters a route reads are kept; each may appear once.
struct QueryString {
    private var values: [String: String] = [:]

    /// Throws `invalidRequest` for a malformed `%` escape, bytes that are not UTF-8, or a parameter given twice.
    init(_ query: String?, reading names: Set<String>) throws(ServiceError) {
        for pair in (query ?? "").utf8.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try QueryString.decode(parts[0])
            guard names.contains(name) else { continue }
            guard values[name] == nil else { throw ServiceError.invalid("the query parameter \(name) is given twice") }
            values[name] = try QueryString.decode(parts.count > 1 ? parts[1] : pair[pair.endIndex...])
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    private static func decode(_ encoded: Substring.UTF8View.SubSequence) throws(ServiceError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let byte = encoded[index]
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                let high = encoded.index(after: index)
                guard high < encoded.endIndex, encoded.index(after: high) < encoded.endIndex,
                      let first = Hex.value(of: encoded[high]), let second = Hex.value(of: encoded[encoded.index(after: high)]) else {
                    throw ServiceError.invalid("the query string has a % not followed by two hex digits")
                }
                bytes.append(first << 4 | second)
                index = encoded.index(after: high)
            default:
                bytes.append(byte)
            }
            index = encoded.index(after: index)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ServiceError.invalid("the query string does not decode to UTF-8")
        }
        return text
    }
}
