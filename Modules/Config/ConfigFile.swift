#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Loads configuration files from disk.
public enum ConfigFile {
    /// Reads the file at `path`, expands `${NAME}` and `${NAME:-default}` from `environment`, and decodes it over
    /// `defaults` with `overrides` laid over both; an unreadable file is a ConfigError with line 0.
    public static func load<T: Decodable>(_ type: T.Type, path: String, defaults: String,
                                          environment: [String: String] = [:],
                                          overrides: [ConfigOverride] = []) throws(ConfigError) -> T {
        let text = try EnvironmentExpansion.expand(readText(at: path), environment: environment, file: path)
        return try YAMLDecoder().decode(type, from: text, file: path, defaults: defaults, overrides: overrides)
    }

    static func readText(at path: String) throws(ConfigError) -> String {
        guard let handle = fopen(path, "rb") else {
            throw unreadable(path, reason: systemError(errno))
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            bytes.append(contentsOf: chunk[..<count])
            guard count == chunk.count else { break }
        }
        if ferror(handle) != 0 {
            throw unreadable(path, reason: systemError(errno))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw unreadable(path, reason: "not valid UTF-8")
        }
        return text
    }

    private static func unreadable(_ path: String, reason: String) -> ConfigError {
        ConfigError(file: path, line: 0, column: 0, keyPath: "", message: "cannot read configuration file: \(reason)")
    }

    private static func systemError(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }
}
