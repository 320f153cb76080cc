/// Shared by every decoder of one decode call: holds the tree, records which keys were asked for, and converts errors.
final class DecodingState {
    let root: YAMLNode
    private var askedKeys: [String: Set<String>] = [:]
    private var fullyUsedMappings: Set<String> = []
    /// Every decoded value with rules of its own, with its node and key path, innermost first.
    private var validating: [(value: any ConfigValidating, node: YAMLNode, path: String)] = []

    init(root: YAMLNode) {
        self.root = root
    }

    func openedKeyedContainer(at path: String) {
        if askedKeys[path] == nil {
            askedKeys[path] = []
        }
    }

    func asked(for key: String, at path: String) {
        askedKeys[path, default: []].insert(key)
    }

    func usedAllKeys(at path: String) {
        fullyUsedMappings.insert(path)
    }

    /// Decodes `type` from `node`, turning any error thrown by the type's `init(from:)` into a ConfigError.
    func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode, at codingPath: [any CodingKey]) throws -> T {
        if let scalarType = T.self as? any YAMLScalarDecodable.Type,
           let value = try scalarType.decode(from: node, keyPath: ConfigKeyPath.format(codingPath)) as? T {
            return value
        }
        do {
            let value = try T(from: NodeDecoder(node: node, codingPath: codingPath, state: self))
            if let rules = value as? any ConfigValidating {
                validating.append((rules, node, ConfigKeyPath.format(codingPath)))
            }
            return value
        } catch let error as ConfigError {
            throw error
        } catch let error as DecodingError {
            throw convert(error, decoding: T.self, from: node, at: codingPath)
        } catch {
            throw ConfigError(at: node.mark, keyPath: ConfigKeyPath.format(codingPath), message: "\(error)")
        }
    }

    /// Keys of mappings decoded as keyed containers that no decoding asked for; the user's file comes first.
    func unknownKeys(preferringFile file: String) -> [ConfigError] {
        var found: [ConfigError] = []
        collectUnknownKeys(in: root, path: "", into: &found)
        let byPosition: (ConfigError, ConfigError) -> Bool = { ($0.line, $0.column) < ($1.line, $1.column) }
        return found.filter { $0.file == file }.sorted(by: byPosition) + found.filter { $0.file != file }.sorted(by: byPosition)
    }

    /// The rules broken by the decoded values, each at the key it concerns; what the user wrote (the file, the flags)
    /// comes before the defaults, and of a relation's keys the one the user wrote is named.
    func brokenRules(defaultsFile: String) -> [ConfigError] {
        var found: [ConfigError] = []
        for (value, node, path) in validating {
            var rules = ConfigRules()
            value.validate(&rules)
            for violation in rules.violations {
                let located = violation.keyPaths.map { keyPath in
                    (keyPath: keyPath, node: Self.descendant(of: node, at: keyPath) ?? node)
                }
                guard let chosen = located.first(where: { $0.node.mark.file != defaultsFile }) ?? located.first else { continue }
                let fullPath = chosen.keyPath.reduce(path) { ConfigKeyPath.appending($1, to: $0) }
                found.append(ConfigError(at: chosen.node.mark, keyPath: fullPath, message: violation.message))
            }
        }
        return found.filter { $0.file != defaultsFile } + found.filter { $0.file == defaultsFile }
    }

    private static func descendant(of node: YAMLNode, at keyPath: [String]) -> YAMLNode? {
        var current = node
        for key in keyPath {
            guard case .mapping(let entries) = current.content, let entry = entries.first(where: { $0.key == key }) else {
                return nil
            }
            current = entry.value
        }
        return current
    }

    private func collectUnknownKeys(in node: YAMLNode, path: String, into found: inout [ConfigError]) {
        switch node.content {
        case .scalar:
            break
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                collectUnknownKeys(in: item, path: ConfigKeyPath.appending(index: index, to: path), into: &found)
            }
        case .mapping(let entries):
            let asked = fullyUsedMappings.contains(path) ? nil : askedKeys[path]
            for entry in entries {
                let entryPath = ConfigKeyPath.appending(entry.key, to: path)
                if let asked, !asked.contains(entry.key) {
                    found.append(ConfigError(at: entry.keyMark, keyPath: entryPath, message: "unknown key"))
                } else {
                    collectUnknownKeys(in: entry.value, path: entryPath, into: &found)
                }
            }
        }
    }

    private func convert<T>(
        _ error: DecodingError, decoding type: T.Type, from node: YAMLNode, at codingPath: [any CodingKey]
    ) -> ConfigError {
        switch error {
        case .keyNotFound(let key, let context):
            let container = self.node(at: context.codingPath) ?? node
            return ConfigError(
                at: container.mark, keyPath: ConfigKeyPath.format(context.codingPath + [key]),
                message: "missing required key")
        case .dataCorrupted(let context):
            let keyPath = ConfigKeyPath.format(context.codingPath)
            let target = self.node(at: context.codingPath) ?? node
            if keyPath == ConfigKeyPath.format(codingPath), let scalar = node.scalar,
               context.debugDescription.hasPrefix("Cannot initialize ") {
                let allowed = Self.allowedValues(of: type).map { " (\($0.joined(separator: ", ")))" } ?? ""
                return ConfigError(
                    at: node.mark, keyPath: keyPath,
                    message: "\"\(scalar.value)\" is not one of the allowed values\(allowed)")
            }
            return ConfigError(at: target.mark, keyPath: keyPath, message: context.debugDescription)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let target = self.node(at: context.codingPath) ?? node
            return ConfigError(
                at: target.mark, keyPath: ConfigKeyPath.format(context.codingPath), message: context.debugDescription)
        @unknown default:
            return ConfigError(at: node.mark, keyPath: ConfigKeyPath.format(codingPath), message: "\(error)")
        }
    }

    /// The node a coding path leads to in the merged tree, if there is one.
    private func node(at codingPath: [any CodingKey]) -> YAMLNode? {
        var current = root
        for key in codingPath {
            switch current.content {
            case .sequence(let items):
                guard let index = ConfigKeyPath.sequenceIndex(of: key), items.indices.contains(index) else { return nil }
                current = items[index]
            case .mapping(let entries):
                guard let entry = entries.first(where: { $0.key == key.stringValue }) else { return nil }
                current = entry.value
            case .scalar:
                return nil
            }
        }
        return current
    }

    private static func allowedValues<T>(of type: T.Type) -> [String]? {
        guard let enumeration = type as? any (CaseIterable & RawRepresentable).Type else { return nil }
        return rawValues(of: enumeration)
    }

    private static func rawValues<E: CaseIterable & RawRepresentable>(of type: E.Type) -> [String] {
        type.allCases.map { "\($0.rawValue)" }
    }
}
