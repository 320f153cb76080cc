import Foundation

/// Fresh directories for tests, all under one directory of this test process that is removed when it exits.
public enum Scratch {
    /// `<temporary directory>/logsvc-tests-<pid>`, made on first use; removed at exit.
    static let root: String = {
        let path = NSTemporaryDirectory() + "logsvc-tests-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return path
    }()

    /// A new empty directory whose name starts with `label`.
    public static func directory(_ label: String = "logsvc") throws -> String {
        let path = root + "/\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
