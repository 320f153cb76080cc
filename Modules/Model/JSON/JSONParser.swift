/// Reads JSON text (RFC 8259) strictly, in one pass: the whole document must be UTF-8, an object may not name a
/// member twice, nesting is at most `maxDepth` deep, and nothing but whitespace may follow the value. One leading
/// UTF-8 byte order mark is skipped (RFC 8259 section 8.1 allows it to be ignored), wherever the document comes
/// from. Python, JavaScript and Go keep the last of two members of one name; refusing them means no filter in
/// front of logsvc reads another value than the one logsvc stores.
public struct JSONParser: ~Copyable {
    /// Arrays and objects nested in one another at most this deep.
    public static let maxDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var depth = 0

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The value `document` holds; throws `JSONSyntaxError`.
    public static func parse(_ document: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONNode {
        let parsed: Result<JSONNode, JSONSyntaxError>? = document.withContiguousStorageIfAvailable { buffer in
            JSONParser.parse(UnsafeRawBufferPointer(buffer))
        }
        return try (parsed ?? JSONParser.parse(Array(document))).get()
    }

    private static func parse(_ bytes: [UInt8]) -> Result<JSONNode, JSONSyntaxError> {
        bytes.withUnsafeBytes { JSONParser.parse($0) }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<JSONNode, JSONSyntaxError> {
        var parser = JSONParser(bytes: bytes)
        return Result { () throws(JSONSyntaxError) in try parser.document() }
    }

    private mutating func document() throws(JSONSyntaxError) -> JSONNode {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let value = try self.value()
        skipWhitespace()
        guard index == bytes.count else { throw failure(.trailingContent) }
        return value
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONNode {
        skipWhitespace()
        guard index < bytes.count else { throw failure(.unexpectedEnd) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure(.unexpectedByte)
        }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONNode {
        try enter()
        var members: [JSONMember] = []
        index += 1
        skipWhitespace()
        if try consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(members)
        }
        var names: Set<String>?
        while true {
            skipWhitespace()
            let start = index
            guard index < bytes.count else { throw failure(.unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: "\"") else { throw failure(.unexpectedByte) }
            let name = try string()
            // Few members are compared in place; past 16 a set keeps the check linear.
            if members.count < 16 {
                if members.contains(where: { $0.name == name }) { throw JSONSyntaxError(rule: .duplicateName, offset: start) }
            } else {
                if names == nil { names = Set(members.map(\.name)) }
                if names?.insert(name).inserted == false { throw JSONSyntaxError(rule: .duplicateName, offset: start) }
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            members.append(JSONMember(name: name, value: try value()))
            skipWhitespace()
            if try consume(UInt8(ascii: "}")) { break }
            try expect(UInt8(ascii: ","))
        }
        depth -= 1
        return .object(members)
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONNode {
        try enter()
        var elements: [JSONNode] = []
        index += 1
        skipWhitespace()
        if try consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try value())
            skipWhitespace()
            if try consume(UInt8(ascii: "]")) { break }
            try expect(UInt8(ascii: ","))
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= JSONParser.maxDepth else { throw failure(.tooDeep) }
    }

    /// A string starting at the opening quote; runs without escapes are validated and copied whole.
    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8(start..<index)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if byte < 0x20 { throw failure(.controlCharacter) }
            index += 1
        }
        throw failure(.unexpectedEnd)
    }

    private mutating func escapedString(from start: Int) throws(JSONSyntaxError) -> String {
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: utf8, as: UTF8.self) else { throw JSONSyntaxError(rule: .notUTF8, offset: start) }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure(.unexpectedEnd) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: try unicodeEscape())
                default:
                    index -= 1
                    throw failure(.invalidEscape)
                }
            case ..<0x20:
                throw failure(.controlCharacter)
            default:
                utf8.append(byte)
                index += 1
            }
        }
        throw failure(.unexpectedEnd)
    }

    /// The scalar of `\uXXXX` (after the `u`), or of a surrogate pair of two, as UTF-8.
    private mutating func unicodeEscape() throws(JSONSyntaxError) -> [UInt8] {
        let at = index - 2
        var unit = try hex4()
        if (0xDC00...0xDFFF).contains(unit) { throw JSONSyntaxError(rule: .loneSurrogate, offset: at) }
        if (0xD800...0xDBFF).contains(unit) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw JSONSyntaxError(rule: .loneSurrogate, offset: at)
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw JSONSyntaxError(rule: .loneSurrogate, offset: at) }
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(unit) else { throw JSONSyntaxError(rule: .loneSurrogate, offset: at) }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure(.unexpectedEnd) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Hex.value(of: bytes[index]) else { throw failure(.invalidEscape) }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`, as its text.
    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure(.invalidNumber) }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure(.invalidNumber) }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure(.invalidNumber) }
            skipDigits()
        }
        if index < bytes.count, isDigit(bytes[index]) { throw failure(.invalidNumber) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure(.unexpectedEnd) }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            index += offset
            throw failure(.unexpectedByte)
        }
        index += count
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8) throws(JSONSyntaxError) -> Bool {
        guard index < bytes.count else { throw failure(.unexpectedEnd) }
        guard bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard try consume(byte) else { throw failure(.unexpectedByte) }
    }

    private func utf8(_ range: Range<Int>) throws(JSONSyntaxError) -> String {
        guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) else {
            throw JSONSyntaxError(rule: .notUTF8, offset: range.lowerBound)
        }
        return text
    }

    /// What is wrong at the current byte; an unexpected byte that starts no UTF-8 character says so.
    private func failure(_ rule: JSONSyntaxError.Rule) -> JSONSyntaxError {
        guard rule == .unexpectedByte, index < bytes.count, bytes[index] >= 0x80 else { return JSONSyntaxError(rule: rule, offset: index) }
        var rest = bytes[index...].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        guard case .valid = parser.parseScalar(from: &rest) else { return JSONSyntaxError(rule: .notUTF8, offset: index) }
        return JSONSyntaxError(rule: rule, offset: index)
    }
}
