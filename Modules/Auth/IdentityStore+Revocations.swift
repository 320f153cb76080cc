import GRDB
import Model

/// The `token_revocations` table: per principal, the time before which its ID and access tokens are refused.
extension IdentityStore {
    /// The revocations that still matter at `nowSeconds` (seconds since the epoch): those whose `keepUntil` is not past.
    func revocations(nowSeconds: Int64) async throws(ServiceError) -> [Revocation] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT subject, valid_after, keep_until FROM token_revocations WHERE keep_until >= ?",
                             arguments: [nowSeconds]).map {
                Revocation(subject: $0["subject"], validAfter: $0["valid_after"], keepUntil: $0["keep_until"])
            }
        }
    }

    /// The time (seconds since the epoch) before which `subject`'s tokens are refused, if it was ever revoked.
    func validAfter(_ subject: String) async throws(ServiceError) -> Int64? {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT valid_after FROM token_revocations WHERE subject = ?", arguments: [subject])
        }
    }

    /// Records `revocation` inside the caller's transaction (a time only moves forward), and drops the rows that no
    /// longer refuse any valid token.
    static func record(_ revocation: Revocation, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO token_revocations (subject, valid_after, keep_until) VALUES (?, ?, ?)
            ON CONFLICT (subject) DO UPDATE SET valid_after = max(valid_after, excluded.valid_after),
                                                keep_until = max(keep_until, excluded.keep_until)
            """, arguments: [revocation.subject, revocation.validAfter, revocation.keepUntil])
        try db.execute(sql: "DELETE FROM token_revocations WHERE keep_until < ?", arguments: [revocation.validAfter])
    }
}
