/// Decodes the entries of a mapping, recording each key asked for.
struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    private let entries: [YAMLMappingEntry]
    private let values: [String: YAMLNode]
    private let state: DecodingState
    private let path: String

    init(node: YAMLNode, entries: [YAMLMappingEntry], codingPath: [any CodingKey], state: DecodingState) {
        self.node = node
        self.entries = entries
        self.codingPath = codingPath
        self.state = state
        self.path = ConfigKeyPath.format(codingPath)
        self.values = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        state.openedKeyedContainer(at: path)
    }

    var allKeys: [Key] {
        state.usedAllKeys(at: path)
        return entries.compactMap { Key(stringValue: $0.key) }
    }

    func contains(_ key: Key) -> Bool {
        state.asked(for: key.stringValue, at: path)
        return values[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try value(for: key).isNull
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeValue(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeValue(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeValue(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeValue(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeValue(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeValue(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeValue(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeValue(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeValue(type, forKey: key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decodeValue(type, forKey: key) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key, value: value(for: key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key, value: value(for: key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        superDecoder(named: YAMLCodingKey.superKey)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        superDecoder(named: key)
    }

    private func superDecoder(named key: any CodingKey) -> any Decoder {
        state.asked(for: key.stringValue, at: path)
        let value = values[key.stringValue] ?? YAMLNode(content: .scalar(.init(value: "", style: .plain, tag: nil)), mark: node.mark)
        return decoder(for: key, value: value)
    }

    private func decodeValue<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try state.decode(type, from: value(for: key), at: codingPath + [key])
    }

    private func decoder(for key: any CodingKey, value: YAMLNode) -> NodeDecoder {
        NodeDecoder(node: value, codingPath: codingPath + [key], state: state)
    }

    private func value(for key: Key) throws(ConfigError) -> YAMLNode {
        state.asked(for: key.stringValue, at: path)
        guard let value = values[key.stringValue] else {
            throw ConfigError(
                at: node.mark, keyPath: ConfigKeyPath.appending(key.stringValue, to: path), message: "missing required key")
        }
        return value
    }
}
