import ArgumentParser
import Auth
import Composition
import EnvelopeCrypto
import Model

/// `logsvc keys ...`: key management for encryption at rest and for token signing.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage keys: key-encryption keys (rotate, rewrap, retire, status) and the token signing key.",
        subcommands: [Status.self, Rotate.self, Rewrap.self, Retire.self, RotateSigning.self, RevokeSigning.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the key-encryption key versions and how many data keys each wraps.")
        @OptionGroup var options: AdminOptions

        func run() async throws {
            let keys = try await options.openKeyring()
            let (counts, current) = try await options.perform { () throws(ServiceError) in
                (try await keys.dataKeys.countsByKeyEncryptionKey(), try await keys.kms.currentKeyID())
            }
            guard let local = keys.local else {
                print("KEY\tDATA_KEYS")
                for (key, count) in counts.sorted(by: { $0.key < $1.key }) { print("\(key)\t\(count)\(key == current ? "\tcurrent" : "")") }
                return
            }
            print("VERSION\tDATA_KEYS\tSTATE")
            for version in local.versionNumbers {
                let state = version == local.currentVersion ? "current" : "old"
                print("\(version)\t\(counts[LocalKMS.keyID(version: version)] ?? 0)\t\(state)")
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a key-encryption key version; new data keys are wrapped under it, old entries still read.")
        @OptionGroup var options: AdminOptions

        func run() async throws {
            let local = try await options.openLocalKeyring()
            let version = try await options.perform { () throws(ServiceError) in try local.rotate() }
            print("key-encryption key version \(version) is current; a running service wraps new data keys under it within seconds")
            print("run `logsvc keys rewrap` to move existing data keys to it")
        }
    }

    struct Rewrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-wrap every stored data key under the current key-encryption key (entries are not re-encrypted; resumable).")
        @OptionGroup var options: AdminOptions

        func run() async throws {
            let keys = try await options.openKeyring()
            let progress = ProgressReport(label: "rewrapped")
            let count = try await options.perform { () throws(ServiceError) in
                try await keys.keyring.rewrap { done, remaining in progress.update(done: done, remaining: remaining) }
            }
            progress.finish()
            let current = try await options.perform { () throws(ServiceError) in try await keys.kms.currentKeyID() }
            print("re-wrapped \(count) data keys under \(current)")
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete an old key-encryption key version; refused while any data key is wrapped under it.")
        @OptionGroup var options: AdminOptions
        @Argument(help: "The version to retire.") var version: Int

        func run() async throws {
            let keys = try await options.openKeyring()
            try await options.perform { () throws(ServiceError) in
                let inUse = try await keys.dataKeys.countsByKeyEncryptionKey()[LocalKMS.keyID(version: version)] ?? 0
                guard inUse == 0 else {
                    throw ServiceError.invalid("\(inUse) data keys are still wrapped under version \(version); run `logsvc keys rewrap` first")
                }
                guard let local = keys.local else {
                    throw ServiceError.invalid("the keyring is AWS KMS: retire keys in KMS (schedule the key's deletion)")
                }
                try local.retire(version)
            }
            print("retired key-encryption key version \(version)")
        }
    }

    struct RotateSigning: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new token signing key; the old one verifies the tokens it signed until they have expired.")
        @OptionGroup var options: AdminOptions

        func run() async throws {
            let userPool = try await options.openPool()
            let kid = try await options.perform { () throws(ServiceError) in try await userPool.rotateSigningKey() }
            print("new signing key \(kid); a running service signs with it within 2 seconds")
        }
    }

    struct RevokeSigning: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a compromised token signing key: every token it signed is refused within 2 seconds.")
        @OptionGroup var options: AdminOptions
        // A kid is base64url and may begin with "-": taken as it stands, not as an option.
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The key's kid (as the JWKS lists it).", valueName: "kid")) var kids: [String] = []
        @Flag(help: "Revoke the key that signs now, after adding a new signing key.") var rotate = false

        func validate() throws {
            guard kids.count == 1 else { throw ValidationError("name exactly one signing key: logsvc keys revoke-signing KID [--rotate]") }
        }

        func run() async throws {
            let kid = kids[0]
            let userPool = try await options.openPool()
            let replacement = try await options.perform { () throws(ServiceError) in
                try await userPool.revokeSigningKey(kid, rotate: rotate)
            }
            if let replacement { print("new signing key \(replacement); a running service signs with it within 2 seconds") }
            print("revoked signing key \(kid); a running service refuses its tokens within 2 seconds")
        }
    }
}
