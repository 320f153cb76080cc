public import Foundation

/// `bytes` compressed by the system's gzip(1), as a shipper would send them.
public func gzipped(_ bytes: Data) async throws -> Data {
    let file = try Scratch.directory() + "/body"
    try bytes.write(to: URL(fileURLWithPath: file))
    let result = try await Command.run("/bin/sh", ["-c", "gzip -c '\(file)' | base64 -w0"])
    guard result.status == 0, let data = Data(base64Encoded: result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw GzipFailure(output: result.output)
    }
    return data
}

/// gzip(1) failed; `output` is what it printed.
public struct GzipFailure: Error {
    public let output: String
}
