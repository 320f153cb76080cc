/// A type decoded straight from a scalar node under the YAML 1.2 core schema.
protocol YAMLScalarDecodable: Decodable {
    static func decode(from node: YAMLNode, keyPath: String) throws(ConfigError) -> Self
}

extension YAMLScalarDecodable {
    fileprivate static func resolvableScalar(
        _ node: YAMLNode, keyPath: String, expected: String
    ) throws(ConfigError) -> String {
        guard let scalar = node.scalar, scalar.isResolvable, !scalar.isNull else {
            throw ConfigError(at: node.mark, keyPath: keyPath, message: "expected \(expected), found \(node.foundDescription)")
        }
        return scalar.value
    }
}

extension String: YAMLScalarDecodable {
    static func decode(from node: YAMLNode, keyPath: String) throws(ConfigError) -> String {
        guard let scalar = node.scalar else {
            throw ConfigError(at: node.mark, keyPath: keyPath, message: "expected a string, found \(node.foundDescription)")
        }
        return scalar.value
    }
}

extension Bool: YAMLScalarDecodable {
    static func decode(from node: YAMLNode, keyPath: String) throws(ConfigError) -> Bool {
        switch try resolvableScalar(node, keyPath: keyPath, expected: "a boolean") {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            throw ConfigError(at: node.mark, keyPath: keyPath, message: "expected a boolean, found \(node.foundDescription)")
        }
    }
}

extension YAMLScalarDecodable where Self: FixedWidthInteger {
    static func decode(from node: YAMLNode, keyPath: String) throws(ConfigError) -> Self {
        let text = try resolvableScalar(node, keyPath: keyPath, expected: "an integer")
        guard let (digits, radix) = CoreSchema.integerDigits(text) else {
            throw ConfigError(at: node.mark, keyPath: keyPath, message: "expected an integer, found \(node.foundDescription)")
        }
        guard let value = Self(digits, radix: radix) else {
            throw ConfigError(
                at: node.mark, keyPath: keyPath,
                message: "\(text) is out of range for \(Self.self) (\(Self.min)...\(Self.max))")
        }
        return value
    }
}

extension YAMLScalarDecodable where Self: BinaryFloatingPoint & LosslessStringConvertible {
    static func decode(from node: YAMLNode, keyPath: String) throws(ConfigError) -> Self {
        let text = try resolvableScalar(node, keyPath: keyPath, expected: "a number")
        if let special = CoreSchema.specialFloat(text) {
            return Self(special)
        }
        guard let literal = CoreSchema.floatLiteral(text), let value = Self(literal) else {
            throw ConfigError(at: node.mark, keyPath: keyPath, message: "expected a number, found \(node.foundDescription)")
        }
        guard value.isFinite else {
            throw ConfigError(at: node.mark, keyPath: keyPath, message: "\(text) is out of range for \(Self.self)")
        }
        return value
    }
}

extension Int: YAMLScalarDecodable {}
extension Int8: YAMLScalarDecodable {}
extension Int16: YAMLScalarDecodable {}
extension Int32: YAMLScalarDecodable {}
extension Int64: YAMLScalarDecodable {}
extension UInt: YAMLScalarDecodable {}
extension UInt8: YAMLScalarDecodable {}
extension UInt16: YAMLScalarDecodable {}
extension UInt32: YAMLScalarDecodable {}
extension UInt64: YAMLScalarDecodable {}
extension Double: YAMLScalarDecodable {}
extension Float: YAMLScalarDecodable {}
