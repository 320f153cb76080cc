import Foundation
public import GRDB
public import Model

/// Opens the service's SQLite databases (entries, data keys, identity) one way: WAL, a busy timeout,
/// the durability asked for, migrations, owner-only file mode.
///
/// On a data dir that does not take writes (a disk remounted read-only after errors) a database that
/// exists and is up to date opens read-only instead: reads keep working and every write fails with the
/// read-only 503. A database that is missing or needs migrating cannot be opened that way.
public enum SQLiteDatabase {
    public static func open(path: String, label: String, fsyncEveryCommit: Bool,
                            prepare: (@Sendable (Database) throws -> Void)? = nil,
                            migrator: DatabaseMigrator) throws(ServiceError) -> DatabasePool {
        var configuration = Configuration()
        configuration.label = "logsvc \(label)"
        configuration.busyMode = .timeout(5)
        if let prepare { configuration.prepareDatabase(prepare) }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets synchronous = NORMAL after prepareDatabase, so durability is set once the pool is open.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(fsyncEveryCommit ? "FULL" : "NORMAL")") }
            try migrator.migrate(pool)
            chmod(path, 0o600)
            return pool
        } catch {
            guard SQLiteFailure.isReadOnly(path) else {
                throw ServiceError.unavailable("cannot open the \(label) database at \(path): \(error)")
            }
            return try openReadOnly(path: path, label: label, configuration: configuration, migrator: migrator)
        }
    }

    private static func openReadOnly(path: String, label: String, configuration: Configuration,
                                     migrator: DatabaseMigrator) throws(ServiceError) -> DatabasePool {
        var configuration = configuration
        configuration.readonly = true
        // With a write-ahead log on disk SQLite reads it without writing; without one, SQLite can only open
        // the file as immutable (it cannot create the shared-memory file), and there is no log to miss.
        let hasLog = FileManager.default.fileExists(atPath: path + "-wal")
        let location = hasLog ? path : "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?immutable=1"
        do {
            let pool = try DatabasePool(path: location, configuration: configuration)
            guard try pool.read({ db in try migrator.hasCompletedMigrations(db) }) else {
                throw ServiceError.unavailable("the data dir is read-only and the \(label) database at \(path) needs migrating")
            }
            return pool
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError.unavailable("the data dir is read-only and the \(label) database at \(path) cannot be read: \(error)")
        }
    }
}
