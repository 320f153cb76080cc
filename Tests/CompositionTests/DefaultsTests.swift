import Auth
import Composition
import EnvelopeCrypto
import Gateway
import Ingest
import Lambda
import Query
import Storage
import Testing

/// One written home for each fact: `config/logsvc.yaml` holds every default. The settings types also
/// have defaults in Swift (their `init` parameters, for tests and tools); this suite proves each equals the YAML,
/// so a number changed on one side only fails here. Types without Swift defaults (bus routes, storage and KMS
/// locations) take theirs from the YAML alone and need no check.
@Suite("Defaults")
struct DefaultsTests {
    @Test("every default written in Swift equals the one in config/logsvc.yaml")
    func swiftDefaultsAreTheYAMLs() throws {
        let yaml = try ConfigurationLoader.load(path: nil)
        expectSame(yaml.server, ServerSettings(), "server")
        expectSame(yaml.gateway, GatewaySettings(), "gateway")
        expectSame(yaml.auth, AuthSettings(), "auth")
        expectSame(yaml.ingest, IngestSettings(), "ingest")
        expectSame(yaml.query, QuerySettings(), "query")
        expectSame(yaml.crypto.dataKeyCache, DataKeyCacheSettings(), "crypto.data_key_cache")
        expectSame(yaml.lambda, LambdaSettings(), "lambda")
        expectSame(yaml.retention, Retention.forever, "retention")
    }
}

/// Expects `yaml == swift`; on failure names the YAML section and each field that differs.
private func expectSame<T: Equatable>(_ yaml: T, _ swift: T, _ section: String,
                                      sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(yaml == swift, "\(section): \(differences(yaml, swift).joined(separator: "; ")) (YAML first)",
            sourceLocation: sourceLocation)
}

/// The fields in which `a` and `b` differ, as `path: a ≠ b`, found by walking both with `Mirror`.
private func differences(_ a: Any, _ b: Any, path: String = "") -> [String] {
    let left = Mirror(reflecting: a), right = Mirror(reflecting: b)
    guard !left.children.isEmpty, left.children.count == right.children.count else {
        let (x, y) = (String(describing: a), String(describing: b))
        return x == y ? [] : ["\(path.isEmpty ? "value" : path): \(x) ≠ \(y)"]
    }
    return zip(left.children, right.children).enumerated().flatMap { index, pair in
        let name = pair.0.label ?? "[\(index)]"
        return differences(pair.0.value, pair.1.value, path: path.isEmpty ? name : "\(path).\(name)")
    }
}
