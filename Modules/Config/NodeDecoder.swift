/// The `Decoder` handed to `init(from:)` for one node.
struct NodeDecoder: Decoder {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    let state: DecodingState
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let entries) = node.content else {
            throw mismatch(expected: "a mapping")
        }
        return KeyedDecodingContainer(
            KeyedContainer<Key>(node: node, entries: entries, codingPath: codingPath, state: state))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items) = node.content else {
            throw mismatch(expected: "a sequence")
        }
        return UnkeyedContainer(node: node, items: items, codingPath: codingPath, state: state)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath, state: state)
    }

    private func mismatch(expected: String) -> ConfigError {
        ConfigError(
            at: node.mark, keyPath: ConfigKeyPath.format(codingPath),
            message: "expected \(expected), found \(node.foundDescription)")
    }
}
