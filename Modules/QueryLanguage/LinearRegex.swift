/// A regular expression matched in time linear in the text: compiled to a Thompson NFA and run as a Pike VM, which
/// follows every possible path at once, so no pattern (`(a+)+b` included) can make a match backtrack. The price
/// is what a backtracking engine adds beyond regular languages: no backreferences and no lookaround.
///
/// Syntax (a subset of RE2's, docs/query-language.md#regular-expressions): literals; `.` (any but a newline);
/// classes `[a-z_]`, `[^0-9]`; `\d \D \w \W \s \S`, `\t \n \r` and escaped punctuation; anchors `^` `$`; groups
/// `( )`, `(?: )`; alternation `|`; `* + ?` and `{m}`, `{m,}`, `{m,n}` (n at most 1000), each also lazy (`*?`),
/// which changes nothing for whether a text matches; a leading `(?i)` ignores case. The pattern matches anywhere in
/// the text unless anchored. At most `maxInstructions` once compiled.
public struct LinearRegex: Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    private let program: [Instruction]
    private let ignoresCase: Bool

    public static let maxInstructions = 20_000

    public var description: String { pattern }

    public static func == (lhs: LinearRegex, rhs: LinearRegex) -> Bool { lhs.pattern == rhs.pattern }

    /// Compiles `pattern`; `LinearRegex.SyntaxError` with the character offset of what is wrong.
    public init(_ pattern: String) throws(SyntaxError) {
        self.pattern = pattern
        var scalars = Array(pattern.unicodeScalars)
        var caseless = false
        if scalars.starts(with: Array("(?i)".unicodeScalars)) {
            caseless = true
            scalars.removeFirst(4)
        }
        var parser = Parser(scalars: scalars, offset: caseless ? 4 : 0, ignoresCase: caseless)
        let node = try parser.alternation()
        guard parser.index == scalars.count else { throw parser.error("an operator or the end of the pattern") }
        var compiler = Compiler()
        try compiler.emit(node)
        compiler.program.append(.match)
        program = compiler.program
        ignoresCase = caseless
    }

    /// Whether the pattern matches somewhere in `text`.
    public func matches(_ text: String) -> Bool {
        let scalars = Array((ignoresCase ? text.lowercased() : text).unicodeScalars)
        var current = ThreadList(capacity: program.count)
        var next = ThreadList(capacity: program.count)
        var generation = 1
        for position in 0...scalars.count {
            // Unanchored: a new thread starts at every position.
            add(0, at: position, of: scalars, to: &current, generation: generation)
            generation += 1
            for index in 0..<current.count {
                let pc = current.threads[index]
                switch program[pc] {
                case .match:
                    return true
                case .scalar(let expected):
                    if position < scalars.count, scalars[position] == expected {
                        add(pc + 1, at: position + 1, of: scalars, to: &next, generation: generation)
                    }
                case .any:
                    if position < scalars.count, scalars[position] != "\n" {
                        add(pc + 1, at: position + 1, of: scalars, to: &next, generation: generation)
                    }
                case .set(let set):
                    if position < scalars.count, set.contains(scalars[position]) {
                        add(pc + 1, at: position + 1, of: scalars, to: &next, generation: generation)
                    }
                default:
                    break
                }
            }
            swap(&current, &next)
            next.count = 0
        }
        return false
    }

    /// Adds the thread at `pc` and every thread its jumps, splits and anchors lead to, each once per step.
    private func add(_ pc: Int, at position: Int, of scalars: [Unicode.Scalar], to list: inout ThreadList, generation: Int) {
        var stack = [pc]
        while let pc = stack.popLast() {
            guard list.marks[pc] != generation else { continue }
            list.marks[pc] = generation
            switch program[pc] {
            case .jump(let target): stack.append(target)
            case .split(let first, let second): stack.append(contentsOf: [second, first])
            case .lineStart: if position == 0 { stack.append(pc + 1) }
            case .lineEnd: if position == scalars.count { stack.append(pc + 1) }
            default:
                list.threads[list.count] = pc
                list.count += 1
            }
        }
    }

    // MARK: - Compiled form

    enum Instruction: Sendable {
        case scalar(Unicode.Scalar)
        case any
        case set(ScalarSet)
        case jump(Int)
        case split(Int, Int)
        case lineStart, lineEnd
        case match
    }

    struct ScalarSet: Sendable {
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        var negated = false

        func contains(_ scalar: Unicode.Scalar) -> Bool { ranges.contains { $0.contains(scalar) } != negated }
    }

    private struct ThreadList {
        var threads: [Int]
        var marks: [Int]
        var count = 0

        init(capacity: Int) {
            threads = Array(repeating: 0, count: capacity)
            marks = Array(repeating: 0, count: capacity)
        }
    }

    /// Why a pattern is not one: what was expected at which character (0-based, in the pattern).
    public struct SyntaxError: Error, Equatable, Sendable {
        public let offset: Int
        public let expected: String
    }

    // MARK: - Parsing

    private indirect enum Node {
        case empty
        case scalar(Unicode.Scalar)
        case any
        case set(ScalarSet)
        case lineStart, lineEnd
        case sequence([Node])
        case alternation([Node])
        case repeated(Node, min: Int, max: Int?)
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        let offset: Int
        let ignoresCase: Bool
        var index = 0
        var depth = 0

        init(scalars: [Unicode.Scalar], offset: Int, ignoresCase: Bool) {
            self.scalars = scalars
            self.offset = offset
            self.ignoresCase = ignoresCase
        }

        static let quantifiers = "*+?{".unicodeScalars

        func error(_ expected: String) -> SyntaxError { SyntaxError(offset: offset + index, expected: expected) }

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func alternation() throws(SyntaxError) -> Node {
            var branches = [try sequence()]
            while current == "|" {
                index += 1
                branches.append(try sequence())
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func sequence() throws(SyntaxError) -> Node {
            var items: [Node] = []
            while let scalar = current, scalar != "|", scalar != ")" {
                var atom = try self.atom()
                if let quantifier = current, Parser.quantifiers.contains(quantifier) {
                    switch atom {
                    case .lineStart, .lineEnd: throw error("something to repeat before '\(quantifier)'")
                    default: atom = try repeated(atom)
                    }
                    if let again = current, Parser.quantifiers.contains(again) { throw error("something to repeat before '\(again)'") }
                }
                items.append(atom)
            }
            return items.count == 1 ? items[0] : items.isEmpty ? .empty : .sequence(items)
        }

        mutating func repeated(_ atom: Node) throws(SyntaxError) -> Node {
            let quantifier = scalars[index]
            index += 1
            var node: Node
            switch quantifier {
            case "*": node = .repeated(atom, min: 0, max: nil)
            case "+": node = .repeated(atom, min: 1, max: nil)
            case "?": node = .repeated(atom, min: 0, max: 1)
            default:
                let low = try number()
                var high: Int? = low
                if current == "," {
                    index += 1
                    high = current == "}" ? nil : try number()
                }
                guard current == "}" else { throw error("'}' to close the repetition") }
                index += 1
                if let high, high < low { throw error("a repetition whose maximum is at least its minimum") }
                node = .repeated(atom, min: low, max: high)
            }
            if current == "?" { index += 1 }  // lazy: the same language
            return node
        }

        mutating func number() throws(SyntaxError) -> Int {
            var value = 0
            var digits = 0
            while let scalar = current, let digit = Int(String(scalar)), scalar.isASCII {
                value = value * 10 + digit
                digits += 1
                index += 1
                guard value <= 1000 else { throw error("a repetition count of at most 1000") }
            }
            guard digits > 0 else { throw error("a repetition count") }
            return value
        }

        mutating func atom() throws(SyntaxError) -> Node {
            guard let scalar = current else { throw error("an expression") }
            index += 1
            switch scalar {
            case "(":
                depth += 1
                guard depth <= 100 else { throw error("at most 100 nested groups") }
                if scalars[index...].starts(with: "?:".unicodeScalars) { index += 2 }
                let inner = try alternation()
                guard current == ")" else { throw error("')' to close the group") }
                index += 1
                depth -= 1
                return inner
            case ".": return .any
            case "^": return .lineStart
            case "$": return .lineEnd
            case "[": return .set(try set())
            case "\\": return try escape(inSet: false)
            case "*", "+", "?", "{": index -= 1; throw error("something to repeat before '\(scalar)'")
            default: return literal(scalar)
            }
        }

        func literal(_ scalar: Unicode.Scalar) -> Node {
            guard ignoresCase else { return .scalar(scalar) }
            return .scalar(String(scalar).lowercased().unicodeScalars.first ?? scalar)
        }

        mutating func escape(inSet: Bool) throws(SyntaxError) -> Node {
            guard let scalar = current else { throw error("a character after '\\'") }
            index += 1
            let digits: [ClosedRange<Unicode.Scalar>] = ["0"..."9"]
            let word: [ClosedRange<Unicode.Scalar>] = ["0"..."9", "A"..."Z", "a"..."z", "_"..."_"]
            let space: [ClosedRange<Unicode.Scalar>] = [" "..." ", "\t"..."\r"]
            switch scalar {
            case "d": return .set(ScalarSet(ranges: digits))
            case "D": return .set(ScalarSet(ranges: digits, negated: true))
            case "w": return .set(ScalarSet(ranges: word))
            case "W": return .set(ScalarSet(ranges: word, negated: true))
            case "s": return .set(ScalarSet(ranges: space))
            case "S": return .set(ScalarSet(ranges: space, negated: true))
            case "t": return .scalar("\t")
            case "n": return .scalar("\n")
            case "r": return .scalar("\r")
            default:
                guard !(scalar.properties.isAlphabetic || scalar.properties.numericType != nil) else {
                    index -= 1
                    throw error("a known escape (\\d \\D \\w \\W \\s \\S \\t \\n \\r) or escaped punctuation")
                }
                return literal(scalar)
            }
        }

        mutating func set() throws(SyntaxError) -> ScalarSet {
            var set = ScalarSet()
            if current == "^" {
                set.negated = true
                index += 1
            }
            var first = true
            while let scalar = current, scalar != "]" || first {
                first = false
                index += 1
                var low = scalar
                if scalar == "\\" {
                    switch try escape(inSet: true) {
                    case .set(let inner) where !inner.negated: set.ranges += inner.ranges; continue
                    case .scalar(let escaped): low = escaped
                    default: throw error("an escape that names characters inside [ ]")
                    }
                }
                if current == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                    index += 1
                    guard var high = current else { throw error("the end of a range") }
                    index += 1
                    if high == "\\" {
                        guard case .scalar(let escaped) = try escape(inSet: true) else { throw error("a character to end the range") }
                        high = escaped
                    }
                    guard low <= high else { throw error("a range whose end is not before its start") }
                    set.ranges.append(ignoresCase ? Parser.folded(low...high) : low...high)
                } else {
                    set.ranges.append(ignoresCase ? Parser.folded(low...low) : low...low)
                }
            }
            guard current == "]" else { throw error("']' to close the class") }
            index += 1
            return set
        }

        /// A range of a caseless pattern: its letters as the lower-case text they are compared with.
        static func folded(_ range: ClosedRange<Unicode.Scalar>) -> ClosedRange<Unicode.Scalar> {
            guard let low = String(range.lowerBound).lowercased().unicodeScalars.first,
                  let high = String(range.upperBound).lowercased().unicodeScalars.first, low <= high else { return range }
            return low...high
        }
    }

    // MARK: - Compiling

    private struct Compiler {
        var program: [Instruction] = []

        mutating func emit(_ node: Node) throws(SyntaxError) {
            guard program.count < LinearRegex.maxInstructions else {
                throw SyntaxError(offset: 0, expected: "a pattern of at most \(LinearRegex.maxInstructions) steps once compiled")
            }
            switch node {
            case .empty: break
            case .scalar(let scalar): program.append(.scalar(scalar))
            case .any: program.append(.any)
            case .set(let set): program.append(.set(set))
            case .lineStart: program.append(.lineStart)
            case .lineEnd: program.append(.lineEnd)
            case .sequence(let items): for item in items { try emit(item) }
            case .alternation(let branches):
                var jumps: [Int] = []
                for (offset, branch) in branches.enumerated() {
                    if offset < branches.count - 1 {
                        let split = program.count
                        program.append(.split(split + 1, 0))
                        try emit(branch)
                        jumps.append(program.count)
                        program.append(.jump(0))
                        program[split] = .split(split + 1, program.count)
                    } else {
                        try emit(branch)
                    }
                }
                for jump in jumps { program[jump] = .jump(program.count) }
            case .repeated(let inner, let min, let max):
                for _ in 0..<min { try emit(inner) }
                if let max {
                    var splits: [Int] = []
                    for _ in min..<max {
                        splits.append(program.count)
                        program.append(.split(program.count + 1, 0))
                        try emit(inner)
                    }
                    for split in splits { program[split] = .split(split + 1, program.count) }
                } else {
                    let split = program.count
                    program.append(.split(split + 1, 0))
                    try emit(inner)
                    program.append(.jump(split))
                    program[split] = .split(split + 1, program.count)
                }
            }
        }
    }
}
