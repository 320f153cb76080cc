import Foundation
import Synchronization
import TestSupport
import Testing

/// Runs `logsvc` with `arguments` until it exits, or stops it after `limit`: a refusal must come at once.
private func runToRefusal(_ arguments: [String], limit: Duration = .seconds(30)) async throws -> (status: Int32?, output: String) {
    let output = Mutex("")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: RunningServer.binary)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    pipe.fileHandleForReading.readabilityHandler = { handle in
        let data = handle.availableData
        output.withLock { $0 += String(decoding: data, as: UTF8.self) }
    }
    try process.run()
    let deadline = ContinuousClock.now + limit
    while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
    guard !process.isRunning else {
        process.terminate()
        return (nil, output.withLock { $0 })
    }
    try await Task.sleep(for: .milliseconds(100))
    return (process.terminationStatus, output.withLock { $0 })
}

@Suite("`logsvc serve` checks its configuration, address and data dir before writing anything")
struct StartupChecksTests {
    @Test("a bad value in the file or a flag exits 78 naming the file, line, key and what is allowed, creating nothing",
          arguments: [
              ("ingest:\n  max_batch_entries: -5\n", [String](), ":2:", "ingest.max_batch_entries: must be 1 or more, found -5"),
              ("log_level: loud\n", [], ":1:", "log_level: \"loud\" is not one of the allowed values (trace, debug, info"),
              ("query:\n  max_limit: 10\n", [], ":2:", "query.max_limit: default_limit (100) must be 1...max_limit (10)"),
              ("", ["--port", "99999"], "--port: ", "server.port: must be 0...65535, found 99999"),
          ])
    func badValues(yaml: String, flags: [String], location: String, message: String) async throws {
        let directory = try Scratch.directory("logsvc-e2e-values")
        let path = directory + "/logsvc.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await runToRefusal(["serve", "--config", path, "--data-dir", directory + "/data"] + flags)
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains(location), "\(result.output)")
        #expect(result.output.contains(message), "\(result.output)")
        #expect(!flags.isEmpty || result.output.contains(path + location), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/data"))
    }

    @Test("`logsvc --version` prints the release, in Semantic Versioning's form, and exits 0")
    func version() async throws {
        let result = try await runToRefusal(["--version"])
        #expect(result.status == 0)
        #expect(result.output.wholeMatch(of: /\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\n/) != nil, "\(result.output)")
    }

    @Test("a port in use is refused with a clear message before the data dir is created")
    func portInUse() async throws {
        let server = try await RunningServer.start()
        let directory = try Scratch.directory("logsvc-e2e-port")
        let result = try await runToRefusal(["serve", "--data-dir", directory + "/data", "--port", String(server.port)])
        try await server.stop()
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains("127.0.0.1:\(server.port) is already in use"), "\(result.output)")
        #expect(!result.output.contains("bind(descriptor"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/data"))
    }

    @Test("a second serve on a data dir is refused, naming the pid that serves it; after it stops, the data dir serves again")
    func secondServe() async throws {
        let server = try await RunningServer.start()
        let result = try await runToRefusal(["serve", "--data-dir", server.dataDir, "--port", "0"])
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains("already served by another logsvc serve (pid \(server.process.processIdentifier))"),
                "\(result.output)")
        #expect(try await server.request("GET", "/healthz").status == 200)
        _ = try await server.admin(["users", "list"])
        try await server.stop()
        let restarted = try await RunningServer.start(dataDir: server.dataDir)
        try await restarted.stop()
    }
}
