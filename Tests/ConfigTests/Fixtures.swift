import Config
import Testing

/// A configuration shaped like the service's: nested structs, every scalar kind, optionals, sequences, dictionaries, enums.
struct ServiceConfig: Decodable, Equatable {
    enum Level: String, Decodable, Equatable, CaseIterable {
        case debug, info, warning, error
    }

    struct Server: Decodable, Equatable {
        let host: String
        let port: UInt16
        let tls: Bool
        let banner: String?
    }

    struct Route: Decodable, Equatable {
        let timeoutMs: Int
        let retries: Int8

        enum CodingKeys: String, CodingKey {
            case timeoutMs = "timeout_ms"
            case retries
        }
    }

    struct Storage: Decodable, Equatable {
        let path: String
        let groupCommit: [Int]
        let sampleRate: Double

        enum CodingKeys: String, CodingKey {
            case path
            case groupCommit = "group_commit"
            case sampleRate = "sample_rate"
        }
    }

    let server: Server
    let storage: Storage
    let logLevel: Level
    let routes: [String: Route]
    let tags: [String]

    enum CodingKeys: String, CodingKey {
        case server, storage, routes, tags
        case logLevel = "log_level"
    }
}

let serviceDefaults = """
    server:
      host: 127.0.0.1
      port: 8080
      tls: false
    storage:
      path: /var/lib/logsvc
      group_commit: [1, 2, 4]
      sample_rate: 0.5
    log_level: info
    routes:
      auth:
        timeout_ms: 250
        retries: 3
    tags: [default]
    """

/// Decodes with the service defaults; errors propagate for `#expect(throws:)`.
func decodeService(_ text: String, file: String = "logsvc.yaml") throws(ConfigError) -> ServiceConfig {
    try YAMLDecoder().decode(ServiceConfig.self, from: text, file: file, defaults: serviceDefaults)
}

/// The ConfigError thrown by `body`, or nil when it succeeds; any other error fails the test.
func configError(_ body: () throws -> Void) -> ConfigError? {
    do {
        try body()
        return nil
    } catch let error as ConfigError {
        return error
    } catch {
        Issue.record("expected a ConfigError, got \(error)")
        return nil
    }
}

/// Wraps one value under the key `value`, to test scalars in isolation.
struct Box<Value: Decodable>: Decodable {
    let value: Value
}

func decodeValue<Value: Decodable>(_ type: Value.Type, _ yaml: String) throws(ConfigError) -> Value {
    try YAMLDecoder().decode(Box<Value>.self, from: "value: \(yaml)", file: "box.yaml").value
}
