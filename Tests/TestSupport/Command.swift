import Foundation

/// Runs a command to completion and captures its combined output.
public enum Command {
    /// Waits on a thread of its own, so the few threads of Swift's concurrency pool stay free for other tests.
    public static func run(_ executable: String, _ arguments: [String],
                    environment: [String: String]? = nil) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, environment: environment) })
            }
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String],
                                    environment: [String: String]?) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
