import ArgumentParser
import Auth
import Foundation
import Model

/// `logsvc users ...`: manage the users of the local pool, also while the service runs.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the users of the local user pool.",
        subcommands: [Create.self, List.self, Disable.self, Enable.self, Delete.self, ResetPassword.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user with a temporary password that must be changed at first login.")

        @OptionGroup var options: AdminOptions
        @Argument(help: "The username.") var name: String
        @Option(help: "The tenant whose logs the user reads and writes.") var tenant: String
        @Option(help: "Comma-separated groups: writer, reader, admin (none: read and write).") var groups: String = ""
        @Option(help: "The temporary password (generated when omitted).") var temporaryPassword: String?

        func run() async throws {
            let userPool = try await options.openPool()
            let groupList = groups.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let password = try await options.perform { () throws(ServiceError) in
                try await userPool.createUser(name, tenant: tenant, groups: groupList, temporaryPassword: temporaryPassword)
            }
            print("created \(name) in tenant \(tenant); temporary password: \(password)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users.")
        @OptionGroup var options: AdminOptions

        func run() async throws {
            let userPool = try await options.openPool()
            let users = try await options.perform { () throws(ServiceError) in try await userPool.users() }
            print("USERNAME\tTENANT\tGROUPS\tSTATUS\tENABLED\tCREATED")
            for user in users {
                print([user.username, user.tenant, user.groups.joined(separator: ","), user.status.rawValue,
                       String(user.enabled), user.createdAt.rfc3339].joined(separator: "\t"))
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a user from logging in and revoke its tokens (refused within 2 seconds).")
        @OptionGroup var options: AdminOptions
        @Argument var name: String

        func run() async throws {
            let userPool = try await options.openPool()
            try await options.perform { () throws(ServiceError) in try await userPool.setEnabled(name, false) }
            print("disabled \(name)")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled user log in again.")
        @OptionGroup var options: AdminOptions
        @Argument var name: String

        func run() async throws {
            let userPool = try await options.openPool()
            try await options.perform { () throws(ServiceError) in try await userPool.setEnabled(name, true) }
            print("enabled \(name)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user and revoke its tokens (its logs stay with its tenant).")
        @OptionGroup var options: AdminOptions
        @Argument var name: String

        func run() async throws {
            let userPool = try await options.openPool()
            try await options.perform { () throws(ServiceError) in try await userPool.deleteUser(name) }
            print("deleted \(name)")
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a user a new temporary password (to change at next login) and revoke its tokens.")
        @OptionGroup var options: AdminOptions
        @Argument var name: String
        @Option(help: "The temporary password (generated when omitted).") var temporaryPassword: String?

        func run() async throws {
            let userPool = try await options.openPool()
            let password = try await options.perform { () throws(ServiceError) in
                try await userPool.resetPassword(name, temporaryPassword: temporaryPassword)
            }
            print("reset \(name); temporary password: \(password)")
        }
    }
}
