/// `${NAME}` and `${NAME:-default}` in a configuration file, replaced by environment variables before parsing, so
/// one profile serves every deployment (Terraform sets the variables of a Lambda function). Comments are left alone.
enum EnvironmentExpansion {
    /// `text` with every reference outside comments replaced; an unset variable without a default, or a value that
    /// could change the document's structure (a line break, a quote, a backslash), is an error at its line.
    static func expand(_ text: String, environment: [String: String], file: String) throws(ConfigError) -> String {
        guard text.contains("${") else { return text }
        var lines: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let (content, comment) = split(line)
            lines.append(try expandLine(content, environment: environment, file: file, line: index + 1) + comment)
        }
        return lines.joined(separator: "\n")
    }

    /// The line before its comment, and the comment (a `#` at the start or after a space, outside quotes).
    private static func split(_ line: Substring) -> (Substring, Substring) {
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous == " " || previous == "\t" {
                return (line[..<index], line[index...])
            }
            previous = character
        }
        return (line, "")
    }

    private static func expandLine(_ text: Substring, environment: [String: String], file: String, line: Int)
        throws(ConfigError) -> String {
        var result = ""
        var rest = text
        while let start = rest.firstRange(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw ConfigError(file: file, line: line, column: 0, keyPath: "", message: "unterminated ${ reference")
            }
            let reference = rest[start.upperBound..<end]
            let (name, fallback) = reference.firstRange(of: ":-").map {
                (String(reference[..<$0.lowerBound]), Optional(String(reference[$0.upperBound...])))
            } ?? (String(reference), nil)
            guard isVariableName(name) else {
                throw ConfigError(file: file, line: line, column: 0, keyPath: "", message: "${\(reference)} is not a variable reference")
            }
            guard let value = environment[name] ?? fallback else {
                throw ConfigError(file: file, line: line, column: 0, keyPath: "",
                                  message: "environment variable \(name) is not set (write ${\(name):-default} for a default)")
            }
            guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0 != "\"" && $0 != "\\" && $0 != "'" }) else {
                throw ConfigError(file: file, line: line, column: 0, keyPath: "",
                                  message: "environment variable \(name) holds a line break, quote or backslash")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first)
        else { return false }
        return name.utf8.allSatisfy {
            $0 == UInt8(ascii: "_") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        }
    }
}
