/// Decodes the items of a sequence in order, naming each by its index.
struct UnkeyedContainer: UnkeyedDecodingContainer {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    private let items: [YAMLNode]
    private let state: DecodingState
    private(set) var currentIndex = 0

    init(node: YAMLNode, items: [YAMLNode], codingPath: [any CodingKey], state: DecodingState) {
        self.node = node
        self.items = items
        self.codingPath = codingPath
        self.state = state
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func decodeNil() throws -> Bool {
        guard try nextItem().isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeNext(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeNext(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeNext(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeNext(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeNext(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeNext(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeNext(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeNext(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeNext(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeNext(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeNext(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeNext(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeNext(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeNext(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeNext(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try nextDecoder().container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try nextDecoder().unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = try nextDecoder()
        currentIndex += 1
        return decoder
    }

    private mutating func decodeNext<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try state.decode(type, from: nextItem(), at: codingPath + [YAMLCodingKey(intValue: currentIndex)])
        currentIndex += 1
        return value
    }

    private func nextDecoder() throws(ConfigError) -> NodeDecoder {
        NodeDecoder(node: try nextItem(), codingPath: codingPath + [YAMLCodingKey(intValue: currentIndex)], state: state)
    }

    private func nextItem() throws(ConfigError) -> YAMLNode {
        guard currentIndex < items.count else {
            throw ConfigError(
                at: node.mark, keyPath: ConfigKeyPath.format(codingPath + [YAMLCodingKey(intValue: currentIndex)]),
                message: "expected at least \(currentIndex + 1) items, found \(items.count)")
        }
        return items[currentIndex]
    }
}
