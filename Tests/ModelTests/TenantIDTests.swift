import Model
import Testing

@Suite("TenantID")
struct TenantIDTests {
    @Test("accepts short ids of letters, digits and . _ - : @", arguments: ["default", "acme-prod", "a", "team_7.eu:x@y"])
    func valid(name: String) {
        #expect(TenantID(name)?.rawValue == name)
    }

    @Test("rejects empty, overlong, or ids with other characters", arguments: ["", String(repeating: "a", count: 129), "a b", "a/b", "ä", "a\u{0}"])
    func invalid(name: String) {
        #expect(TenantID(name) == nil)
    }
}

@Suite("Principal roles")
struct PrincipalTests {
    private let tenant = TenantID("t")!

    @Test("no role grants nothing; writer only writes; reader only reads; admin does both")
    func roles() {
        let none = Principal(subject: "u", tenant: tenant, roles: [])
        let writer = Principal(subject: "u", tenant: tenant, roles: [.writer])
        let reader = Principal(subject: "u", tenant: tenant, roles: [.reader])
        let admin = Principal(subject: "u", tenant: tenant, roles: [.admin])
        #expect(!none.canRead && !none.canWrite)
        #expect(writer.canWrite && !writer.canRead)
        #expect(reader.canRead && !reader.canWrite)
        #expect(admin.canRead && admin.canWrite)
    }

    @Test("a refusal is 403 forbidden and names the rule that applied")
    func refusals() {
        #expect(throws: ServiceError(.forbidden, "this caller may not write logs: writing needs the writer or admin role")) {
            try Principal(subject: "u", tenant: tenant, roles: [.reader]).authorize(.write)
        }
        #expect(throws: ServiceError(.forbidden, "this caller may not read logs: reading needs the reader or admin role; "
                                     + "none of the token's groups (cognito:groups) is exactly writer, reader or admin")) {
            try Principal(subject: "u", tenant: tenant, roles: [], grant: .unknownGroups).authorize(.read)
        }
        #expect(throws: ServiceError(.forbidden, "this caller may not write logs: writing needs the writer or admin role; "
                                     + "the token has no groups (cognito:groups) and auth.ungrouped_roles does not grant it")) {
            try Principal(subject: "u", tenant: tenant, roles: [.reader], grant: .ungrouped).authorize(.write)
        }
        #expect(throws: Never.self) { try Principal(subject: "u", tenant: tenant, roles: [.admin]).authorize(.write) }
    }
}
