public import Auth
import Composition
import Foundation

/// User pools made once per test process, one for each set of `AuthSettings` and issuer base, and copied
/// into the data dirs of test services. Creating a pool generates an RSA key and hashes a password: work
/// that is slow on purpose and runs on a queue as wide as the machine's cores, so a hundred parallel tests
/// each creating their own would queue every login of every test behind all of it. A copy opens as the
/// same pool reopened after a restart does.
actor PoolTemplate {
    static let shared = PoolTemplate()

    private var made: [String: Task<String, any Error>] = [:]

    /// Copies a pool made with `settings` into `dataDir`, making it first if this process has not yet.
    func copy(settings: AuthSettings, issuerBase: String, into dataDir: String) async throws {
        let key = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self) + issuerBase
        let making = made[key] ?? Task { try await PoolTemplate.make(settings: settings, issuerBase: issuerBase) }
        made[key] = making
        let template = try await making.value
        for file in try FileManager.default.contentsOfDirectory(atPath: template) {
            try FileManager.default.copyItem(atPath: template + "/" + file, toPath: dataDir + "/" + file)
        }
    }

    private static func make(settings: AuthSettings, issuerBase: String) async throws -> String {
        let directory = try Scratch.directory("logsvc-pool")
        // The pool closes its database when it goes out of scope, leaving files that are safe to copy: the pool and
        // the keyring with the master key that seals its signing keys.
        _ = try await UserPool.open(dataDir: directory, settings: settings, signingKeySeal: try localSigningKeySeal(dataDir: directory),
                                    createIfMissing: true, defaultIssuerBase: issuerBase, logger: quietLogger("pool-template"))
        return directory
    }
}

/// The signing-key seal of a data dir with the default local keyring (made on first use, with its master key).
public func localSigningKeySeal(dataDir: String) throws -> any SigningKeySeal {
    try KeyringSetup.signingKeySeal(try ConfigurationLoader.load(path: nil), dataDir: dataDir, logger: quietLogger("keyring"))
}
