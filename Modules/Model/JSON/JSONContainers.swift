/// The members of a JSON object, by name.
struct JSONKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let codingPath: [any CodingKey]
    private let members: [JSONMember]
    /// Positions by name, for objects too large to search in place.
    private let positions: [String: Int]?

    init(members: [JSONMember], codingPath: [any CodingKey]) {
        self.members = members
        self.codingPath = codingPath
        positions = members.count > 16
            ? Dictionary(members.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first }) : nil
    }

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.name) } }

    func contains(_ key: Key) -> Bool { value(key.stringValue) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try require(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONNodeDecoder.decode(type, from: require(key), at: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONNodeDecoder(node: require(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONNodeDecoder(node: require(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { try superDecoder(named: JSONKey("super")) }

    func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder(named: key) }

    private func superDecoder(named key: any CodingKey) throws -> any Decoder {
        JSONNodeDecoder(node: value(key.stringValue) ?? .null, codingPath: codingPath + [key])
    }

    private func value(_ name: String) -> JSONNode? {
        if let positions { return positions[name].map { members[$0].value } }
        return members.first(where: { $0.name == name })?.value
    }

    private func require(_ key: Key) throws -> JSONNode {
        guard let node = value(key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return node
    }
}

/// The elements of a JSON array, in order.
struct JSONUnkeyedContainer: UnkeyedDecodingContainer {
    let codingPath: [any CodingKey]
    private let elements: [JSONNode]
    private(set) var currentIndex = 0

    init(elements: [JSONNode], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func decodeNil() throws -> Bool {
        guard try peek() == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try JSONNodeDecoder.decode(type, from: peek(), at: path)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try JSONNodeDecoder(node: peek(), codingPath: path).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try JSONNodeDecoder(node: peek(), codingPath: path).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = JSONNodeDecoder(node: try peek(), codingPath: path)
        currentIndex += 1
        return decoder
    }

    private var path: [any CodingKey] { codingPath + [JSONKey(index: currentIndex)] }

    private func peek() throws -> JSONNode {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: path, debugDescription: "the array has no more elements"))
        }
        return elements[currentIndex]
    }
}

/// One JSON value.
struct JSONSingleValueContainer: SingleValueDecodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { node == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONNodeDecoder.decode(type, from: node, at: codingPath) }
}
