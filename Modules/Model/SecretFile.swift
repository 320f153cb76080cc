public import Foundation
import Glibc

/// Files that hold secrets (keys, credentials): written atomically with mode 0600 and fsync'd,
/// so a crash leaves either the old file or the new one, never a torn or world-readable one.
public enum SecretFile {
    /// Replaces the file at `path` with `contents`, mode 0600.
    public static func write(_ contents: Data, to path: String) throws(ServiceError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create", temporary) }
        var ok = fchmod(fd, 0o600) == 0
        contents.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while ok && offset < buffer.count {
                let written = Glibc.write(fd, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                ok = written > 0
                offset += max(written, 0)
            }
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw failure("write", path)
        }
        syncDirectory(of: path)
    }

    /// The file's contents, or nil if it does not exist.
    public static func read(_ path: String) throws(ServiceError) -> Data? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw failure("read", path) }
        return data
    }

    /// Creates `path` and its parents if missing, mode 0700 for what it creates.
    public static func makeDirectory(_ path: String) throws(ServiceError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ServiceError.unavailable("cannot create directory \(path): \(error.localizedDescription)")
        }
    }

    private static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    private static func failure(_ action: String, _ path: String) -> ServiceError {
        ServiceError.unavailable("cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}
