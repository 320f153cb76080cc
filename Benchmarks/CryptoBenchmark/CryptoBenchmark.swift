import CryptoPrimitives
import EnvelopeCrypto
import Foundation
import Logging
import Model

/// Seal and open throughput of the envelope format with one cached data key, as the Crypto module
/// runs them per entry. Prints `size seal_MBps open_MBps` lines for the sizes given as arguments.
@main
struct CryptoBenchmark {
    static func main() async throws {
        let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let seconds = Double(ProcessInfo.processInfo.environment["BENCH_SECONDS"] ?? "") ?? 3
        let directory = NSTemporaryDirectory() + "logsvc-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let master = try MasterKey.resolve(environment: [MasterKey.environmentVariable: Data(try SecureRandom.bytes(32)).base64EncodedString()],
                                           keyFile: directory + "/master.key", firstStart: true, logger: logger)
        let kms = try LocalKMS(path: directory + "/keyring.json", masterKey: master, logger: logger)
        let keyring = TenantKeyring(kms: kms, store: try SQLiteDataKeyStore(path: directory + "/keys.sqlite"),
                                    cacheSettings: DataKeyCacheSettings(), logger: logger)
        let tenant = TenantID("bench")!
        let key = try await keyring.sealingKey(for: tenant, messages: 1, bytes: 1)
        for size in sizes {
            let message = try SecureRandom.bytes(size)
            let binding = EntryBinding(tenant: tenant, id: UUID().uuidString.lowercased(), timestamp: .now(), severity: .info)
            let sealRate = try measure(seconds: seconds, bytesPerOperation: size) {
                _ = try Envelope.seal(message, binding: binding, key: key)
            }
            let envelope = try Envelope.seal(message, binding: binding, key: key)
            let openRate = try measure(seconds: seconds, bytesPerOperation: size) {
                _ = try envelope.open(binding: binding, key: key)
            }
            print(String(format: "%d %.1f %.1f", size, sealRate, openRate))
        }
    }

    /// MB/s (10^6 bytes per second) of `operation` run repeatedly for about `seconds`.
    static func measure(seconds: Double, bytesPerOperation: Int, _ operation: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var operations = 0
        while true {
            for _ in 0..<1000 { try operation() }
            operations += 1000
            let elapsed = start.duration(to: clock.now)
            let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if secondsElapsed >= seconds {
                return Double(operations * bytesPerOperation) / secondsElapsed / 1e6
            }
        }
    }
}
