/// Lays one document over another: mappings merge key by key, anything else in the overlay replaces the base whole.
enum YAMLMerge {
    static func merge(_ overlay: YAMLNode, over base: YAMLNode) -> YAMLNode {
        guard case .mapping(let overlayEntries) = overlay.content,
              case .mapping(let baseEntries) = base.content
        else { return overlay }
        var merged = baseEntries
        var positions: [String: Int] = [:]
        for (position, entry) in merged.enumerated() {
            positions[entry.key] = position
        }
        for entry in overlayEntries {
            if let position = positions[entry.key] {
                var replacement = entry
                replacement.value = merge(entry.value, over: merged[position].value)
                merged[position] = replacement
            } else {
                positions[entry.key] = merged.count
                merged.append(entry)
            }
        }
        return YAMLNode(content: .mapping(merged), mark: overlay.mark)
    }
}
