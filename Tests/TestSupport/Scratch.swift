import Foundation

/// Fresh directories for tests, under the system's temporary directory.
public enum Scratch {
    /// A new empty directory whose name starts with `label`.
    public static func directory(_ label: String = "logsvc") throws -> String {
        let path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
