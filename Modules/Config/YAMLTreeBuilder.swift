/// Assembles parsing events into one document tree, resolving aliases and rejecting duplicate keys and extra documents.
struct YAMLTreeBuilder {
    static let maximumDepth = 256
    static let maximumNodes = 1_000_000

    private enum Collection {
        case sequence([YAMLNode])
        case mapping([YAMLMappingEntry], pendingKey: YAMLMappingEntry?, seen: Set<String>)
    }

    private struct Frame {
        var collection: Collection
        let anchor: String?
        let mark: YAMLMark
        var size = 1
    }

    private let file: String
    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var root: YAMLNode?
    private var documentCount = 0
    private var nodeCount = 0

    init(file: String) {
        self.file = file
    }

    /// The document; an empty document, or one holding only a null, is an empty mapping.
    var document: YAMLNode {
        guard let root, !root.isNull else {
            return .emptyMapping(at: root?.mark ?? YAMLMark(file: file, line: 1, column: 1))
        }
        return root
    }

    /// The key path of the node being built, as far as it is known.
    var currentKeyPath: String {
        var path = ""
        for frame in stack {
            switch frame.collection {
            case .sequence(let items):
                path = ConfigKeyPath.appending(index: items.count, to: path)
            case .mapping(_, let pendingKey?, _):
                path = ConfigKeyPath.appending(pendingKey.key, to: path)
            case .mapping(_, nil, _):
                return path
            }
        }
        return path
    }

    mutating func handle(_ event: YAMLEvent) throws(ConfigError) {
        switch event {
        case .streamStart, .streamEnd, .documentEnd:
            break
        case .documentStart(let mark):
            documentCount += 1
            if documentCount > 1 {
                throw ConfigError(at: mark, keyPath: "", message: "expected a single YAML document, found a second one")
            }
        case .alias(let anchor, let mark):
            guard let anchored = anchors[anchor] else {
                throw ConfigError(at: mark, keyPath: currentKeyPath, message: "alias *\(anchor) refers to no anchor before it")
            }
            var node = anchored.node
            node.mark = mark
            try attach(node, size: anchored.size, anchor: nil)
        case .scalar(let scalar, let anchor, let mark):
            try checkTag(scalar.tag, allowed: YAMLScalar.resolvableTags.union([YAMLScalar.stringTag]), at: mark)
            try attach(YAMLNode(content: .scalar(scalar), mark: mark), size: 1, anchor: anchor)
        case .sequenceStart(let anchor, let tag, let mark):
            try checkTag(tag, allowed: ["tag:yaml.org,2002:seq"], at: mark)
            try push(Frame(collection: .sequence([]), anchor: anchor, mark: mark))
        case .mappingStart(let anchor, let tag, let mark):
            try checkTag(tag, allowed: ["tag:yaml.org,2002:map"], at: mark)
            try push(Frame(collection: .mapping([], pendingKey: nil, seen: []), anchor: anchor, mark: mark))
        case .sequenceEnd, .mappingEnd:
            guard let frame = stack.popLast() else { return }
            let content: YAMLNode.Content
            switch frame.collection {
            case .sequence(let items): content = .sequence(items)
            case .mapping(let entries, _, _): content = .mapping(entries)
            }
            try attach(YAMLNode(content: content, mark: frame.mark), size: frame.size, anchor: frame.anchor)
        }
    }

    private func checkTag(_ tag: String?, allowed: Set<String>, at mark: YAMLMark) throws(ConfigError) {
        guard let tag, tag != "!", !allowed.contains(tag) else { return }
        throw ConfigError(at: mark, keyPath: currentKeyPath, message: "unsupported tag \(tag)")
    }

    private mutating func push(_ frame: Frame) throws(ConfigError) {
        guard stack.count < Self.maximumDepth else {
            throw ConfigError(
                at: frame.mark, keyPath: currentKeyPath,
                message: "nesting deeper than \(Self.maximumDepth) levels")
        }
        stack.append(frame)
    }

    private mutating func attach(_ node: YAMLNode, size: Int, anchor: String?) throws(ConfigError) {
        nodeCount += size
        guard nodeCount <= Self.maximumNodes else {
            throw ConfigError(
                at: node.mark, keyPath: currentKeyPath,
                message: "document has more than \(Self.maximumNodes) nodes once aliases are expanded")
        }
        if let anchor {
            anchors[anchor] = (node, size)
        }
        // While the frame is popped, `currentKeyPath` is the path of the collection being filled.
        guard var frame = stack.popLast() else {
            root = node
            return
        }
        defer { stack.append(frame) }
        frame.size += size
        switch frame.collection {
        case .sequence(var items):
            items.append(node)
            frame.collection = .sequence(items)
        case .mapping(var entries, let pendingKey?, let seen):
            entries.append(YAMLMappingEntry(key: pendingKey.key, keyMark: pendingKey.keyMark, value: node))
            frame.collection = .mapping(entries, pendingKey: nil, seen: seen)
        case .mapping(let entries, nil, var seen):
            let keyPath = currentKeyPath
            guard let key = node.scalar else {
                throw ConfigError(at: node.mark, keyPath: keyPath, message: "mapping keys must be scalars")
            }
            guard seen.insert(key.value).inserted else {
                throw ConfigError(
                    at: node.mark, keyPath: ConfigKeyPath.appending(key.value, to: keyPath), message: "duplicate key")
            }
            let pending = YAMLMappingEntry(key: key.value, keyMark: node.mark, value: node)
            frame.collection = .mapping(entries, pendingKey: pending, seen: seen)
        }
    }
}
