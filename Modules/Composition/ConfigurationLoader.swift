public import Config
public import Foundation

/// The one way a process gets its configuration: embedded defaults, with an optional file over them.
public enum ConfigurationLoader {
    /// Loads `path` merged over the defaults, or just the defaults when `path` is nil. `${NAME}` and
    /// `${NAME:-default}` in the file are replaced by environment variables.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> LogsvcConfig {
        if let path {
            return try ConfigFile.load(LogsvcConfig.self, path: path, defaults: DefaultConfiguration.yaml, environment: environment)
        }
        return try YAMLDecoder().decode(LogsvcConfig.self, from: DefaultConfiguration.yaml, file: "<defaults>")
    }
}
