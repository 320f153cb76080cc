/// Decodes YAML into Decodable values, strictly.
public struct YAMLDecoder: Sendable {
    /// The name errors give to the `defaults` document.
    public static let defaultsFile = "<defaults>"

    /// Creates a decoder.
    public init() {}

    /// Decodes `text` (named `file` in errors). When `defaults` is given, the text's mappings are merged over the defaults' mappings recursively
    /// (a key present in `text` replaces the default's value; sequences and scalars are replaced whole, mappings merge key by key), so types can use
    /// plain synthesized Codable with every default living in one YAML document. `overrides` are laid over both.
    /// Then every decoded `ConfigValidating` value is checked; the first broken rule is thrown (the file's and the overrides'
    /// before the defaults').
    public func decode<T: Decodable>(
        _ type: T.Type, from text: String, file: String, defaults: String? = nil, overrides: [ConfigOverride] = []
    ) throws(ConfigError) -> T {
        var root = try YAMLParser.parse(text, file: file)
        if let defaults {
            root = YAMLMerge.merge(root, over: try YAMLParser.parse(defaults, file: Self.defaultsFile))
        }
        for override in overrides {
            root = YAMLMerge.merge(override.document, over: root)
        }
        let state = DecodingState(root: root)
        let value: T
        do {
            value = try state.decode(type, from: root, at: [])
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(at: root.mark, keyPath: "", message: "\(error)")
        }
        if let unknown = state.unknownKeys(preferringFile: file).first {
            throw unknown
        }
        if let broken = state.brokenRules(defaultsFile: Self.defaultsFile).first {
            throw broken
        }
        return value
    }
}
