public import Config
public import Foundation

/// The one way a process gets its configuration: embedded defaults, with an optional file over them.
public enum ConfigurationLoader {
    /// Loads `path` merged over the defaults, or just the defaults when `path` is nil, with `overrides` (command-line
    /// flags) over both. `${NAME}` and `${NAME:-default}` in the file are replaced by environment variables. Every
    /// value is checked (types, ranges, allowed values, relations); the first fault is a `ConfigError` naming the
    /// file and line (or the flag), the key path and what is allowed.
    public static func load(path: String?, overrides: [ConfigOverride] = [],
                            environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> LogsvcSettings {
        if let path {
            return try ConfigFile.load(LogsvcSettings.self, path: path, defaults: DefaultConfiguration.yaml, environment: environment,
                                       overrides: overrides)
        }
        return try YAMLDecoder().decode(LogsvcSettings.self, from: DefaultConfiguration.yaml, file: YAMLDecoder.defaultsFile,
                                        overrides: overrides)
    }
}
