import Glibc
import Model

/// The lock a `logsvc serve` process holds on its data dir for as long as it runs: an exclusive `flock(2)` on
/// `serve.lock`, which holds the holder's pid. The kernel releases it when the process ends, however it ends, so a
/// stale file never blocks a restart. The admin CLI does not take it: it works on the data dir beside a running server.
/// On a read-only file system (a disk fault, or a data dir mounted read-only to serve reads) the existing file is
/// locked without writing the pid, and a data dir that never had one is served unlocked: nothing can be written there.
public final class DataDirLock: Sendable {
    public static let fileName = "serve.lock"

    private let descriptor: Int32?

    private init(descriptor: Int32?) {
        self.descriptor = descriptor
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    /// Creates `dataDir` if missing (mode 0700) and locks it; a `StartupError` naming the holder's pid when another
    /// process serves it.
    public static func acquire(dataDir: String) throws(StartupError) -> DataDirLock {
        do { try SecretFile.makeDirectory(dataDir) } catch { throw StartupError(error.message) }
        let path = dataDir + "/" + fileName
        var descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        let readOnly = descriptor < 0 && errno == EROFS
        if readOnly {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            if descriptor < 0 && errno == ENOENT { return DataDirLock(descriptor: nil) }
        }
        guard descriptor >= 0 else {
            throw StartupError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = code == EWOULDBLOCK ? pid(in: descriptor) : nil
            close(descriptor)
            guard code == EWOULDBLOCK else {
                throw StartupError("cannot lock \(path): \(String(cString: strerror(code)))")
            }
            throw StartupError("the data dir \(dataDir) is already served by another logsvc serve "
                + "(\(holder.map { "pid \($0)" } ?? "pid not yet recorded")); stop it first, or give this one its own --data-dir")
        }
        if readOnly { return DataDirLock(descriptor: descriptor) }
        let text = Array("\(getpid())\n".utf8)
        guard ftruncate(descriptor, 0) == 0, pwrite(descriptor, text, text.count, 0) == text.count else {
            let code = errno
            close(descriptor)
            throw StartupError("cannot write \(path): \(String(cString: strerror(code)))")
        }
        return DataDirLock(descriptor: descriptor)
    }

    /// The pid written in the lock file, if it holds one.
    private static func pid(in descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count].prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }, as: UTF8.self))
    }
}
