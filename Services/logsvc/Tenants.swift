import ArgumentParser
import Composition
import EnvelopeCrypto
import Model

/// `logsvc tenants ...`: operations on a whole tenant.
struct Tenants: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Operations on a whole tenant.", subcommands: [Shred.self])

    struct Shred: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Destroy a tenant's data keys: its stored entries can never be decrypted again (right to erasure).")
        @OptionGroup var options: AdminOptions
        @Argument(help: "The tenant to shred.") var tenant: String
        @Flag(help: "Confirm that every entry the tenant stored so far becomes unreadable, for good.") var confirm = false

        func run() async throws {
            guard let id = TenantID(tenant) else { throw ValidationError("\(tenant) is not a valid tenant id") }
            guard confirm else {
                throw ValidationError("shredding makes every entry of \(tenant) unreadable for good; add --confirm to proceed")
            }
            let keys = try await options.openKeyring()
            let count = try await options.perform { () throws(ServiceError) in try await keys.keyring.shred(id) }
            print("destroyed \(count) data keys of \(tenant); its earlier entries now read as key_destroyed")
            print("(backups of keys.sqlite taken before now still hold them: destroy those too)")
        }
    }
}
