public import Config

/// The one way a process gets its configuration: embedded defaults, with an optional file over them.
public enum ConfigurationLoader {
    /// Loads `path` merged over the defaults, or just the defaults when `path` is nil.
    public static func load(path: String?) throws(ConfigError) -> LogsvcConfig {
        if let path {
            return try ConfigFile.load(LogsvcConfig.self, path: path, defaults: DefaultConfiguration.yaml)
        }
        return try YAMLDecoder().decode(LogsvcConfig.self, from: DefaultConfiguration.yaml, file: "<defaults>")
    }
}
