import Config
import Foundation
import Testing

@Suite("Loading configuration files")
struct ConfigFileTests {
    @Test("a missing file is an error naming the path, at line 0")
    func missingFile() {
        let path = "/nonexistent/logsvc-\(UInt64.random(in: 0...UInt64.max)).yaml"
        let error = configError { _ = try ConfigFile.load(ServiceConfig.self, path: path, defaults: serviceDefaults) }
        #expect(error?.file == path)
        #expect(error?.line == 0)
        #expect(error?.message == "cannot read configuration file: No such file or directory")
        #expect(error?.description.hasPrefix("\(path): cannot read") == true)
    }

    @Test("a file on disk is decoded over the defaults and errors name its path")
    func loadsFromDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("logsvc-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        try "server:\n  port: 7000\n".write(to: url, atomically: true, encoding: .utf8)
        let config = try ConfigFile.load(ServiceConfig.self, path: url.path, defaults: serviceDefaults)
        #expect(config.server.port == 7000)
        #expect(config.server.host == "127.0.0.1")

        try "server:\n  port: 70000\n".write(to: url, atomically: true, encoding: .utf8)
        let error = configError { _ = try ConfigFile.load(ServiceConfig.self, path: url.path, defaults: serviceDefaults) }
        #expect(error?.file == url.path)
        #expect(error?.line == 2)
    }

    @Test("a directory cannot be read as a configuration file")
    func directoryIsUnreadable() {
        let path = FileManager.default.temporaryDirectory.path
        let error = configError { _ = try ConfigFile.load(ServiceConfig.self, path: path, defaults: serviceDefaults) }
        #expect(error?.file == path)
        #expect(error?.line == 0)
    }
}
