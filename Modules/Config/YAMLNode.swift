/// One node of a parsed YAML document, remembering where it started.
struct YAMLNode: Sendable, Equatable {
    enum Content: Sendable, Equatable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLMappingEntry])
    }

    var content: Content
    var mark: YAMLMark

    static func emptyMapping(at mark: YAMLMark) -> YAMLNode {
        YAMLNode(content: .mapping([]), mark: mark)
    }

    var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    var isNull: Bool {
        scalar?.isNull ?? false
    }

    /// How the node reads after "found" in an error message.
    var foundDescription: String {
        switch content {
        case .scalar(let scalar): scalar.quotedForMessage
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        }
    }
}

/// A key of a mapping (always a scalar) with the node it maps to.
struct YAMLMappingEntry: Sendable, Equatable {
    let key: String
    let keyMark: YAMLMark
    var value: YAMLNode
}
