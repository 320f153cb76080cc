public import GRDB

extension DatabasePool {
    /// Makes every commit of this pool fsync its write-ahead log before it returns (`full`) or only at
    /// checkpoints (`normal`: survives a process crash, not power loss). GRDB opens pools with NORMAL
    /// after `prepareDatabase` has run, so this must be called once the pool is open.
    public func setSynchronous(full: Bool) throws {
        try writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(full ? "FULL" : "NORMAL")") }
    }
}
