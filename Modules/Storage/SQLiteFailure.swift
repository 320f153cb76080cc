import Foundation
import GRDB
public import Model

/// The one mapping of SQLite failures to what callers see: a full disk or a read-only data dir is a
/// 503 that says so (reads keep working); the SQL and its arguments never reach the message.
public enum SQLiteFailure {
    /// `unavailable` for `error`, raised while `doing` (e.g. "storing entries") in the database file at `path`.
    public static func serviceError(_ error: any Error, doing: String, path: String) -> ServiceError {
        let code = (error as? DatabaseError)?.resultCode
        if code == .SQLITE_READONLY || code == .SQLITE_IOERR, isReadOnly(path) {
            return ServiceError.unavailable("\(doing) failed: the data dir is read-only; stored entries can still be read")
        }
        return switch code {
        case .SQLITE_FULL?:
            ServiceError.unavailable("\(doing) failed: the disk holding the data dir is full; stored entries can still be read")
        case .SQLITE_READONLY?:
            ServiceError.unavailable("\(doing) failed: the database cannot be written")
        case .SQLITE_IOERR?, .SQLITE_CORRUPT?, .SQLITE_CANTOPEN?:
            ServiceError.unavailable("\(doing) failed: the disk holding the data dir reported an error")
        case .SQLITE_BUSY?, .SQLITE_LOCKED?:
            ServiceError.unavailable("\(doing) failed: the database is busy, retry shortly")
        default:
            ServiceError.unavailable("\(doing) failed")
        }
    }

    /// True when the file system holding `path` refuses writes: mounted read-only, or (ext4 after a disk
    /// error) in an emergency read-only state that only shows when a file is created.
    static func isReadOnly(_ path: String) -> Bool {
        var status = statvfs()
        if statvfs(path, &status) == 0, status.f_flag & UInt(ST_RDONLY) != 0 { return true }
        let probe = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(".logsvc-write-probe").path
        let descriptor = open(probe, O_CREAT | O_WRONLY, 0o600)
        guard descriptor < 0 else {
            close(descriptor)
            unlink(probe)
            return false
        }
        return errno == EROFS
    }
}
