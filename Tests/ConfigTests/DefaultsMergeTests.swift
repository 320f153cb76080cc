import Config
import Testing

@Suite("Merging the file over the defaults")
struct DefaultsMergeTests {
    let defaults: ServiceConfig

    init() throws {
        defaults = try YAMLDecoder().decode(ServiceConfig.self, from: serviceDefaults, file: "defaults.yaml")
    }

    @Test("overriding one leaf changes only that leaf")
    func overridingOneLeaf() throws {
        let config = try decodeService("server:\n  port: 9000\n")
        #expect(config.server.port == 9000)
        #expect(config.server.host == defaults.server.host)
        #expect(config.server.tls == defaults.server.tls)
        #expect(config.storage == defaults.storage)
        #expect(config.routes == defaults.routes)
    }

    @Test("a sequence in the file replaces the default sequence whole")
    func sequencesReplace() throws {
        let config = try decodeService("storage:\n  group_commit: [32]\ntags: []\n")
        #expect(config.storage.groupCommit == [32])
        #expect(config.tags == [])
        #expect(config.storage.path == defaults.storage.path)
    }

    @Test("mappings merge key by key, so a new dictionary entry joins the default ones")
    func mappingsMergeKeyByKey() throws {
        let config = try decodeService("""
            routes:
              auth:
                retries: 5
              ingest:
                timeout_ms: 10
                retries: 1
            """)
        #expect(config.routes == [
            "auth": .init(timeoutMs: 250, retries: 5),
            "ingest": .init(timeoutMs: 10, retries: 1),
        ])
    }

    @Test("a key whose only value is a default decodes even when the file is silent about its section")
    func defaultsFillWholeSections() throws {
        let config = try decodeService("log_level: debug\n")
        #expect(config.logLevel == .debug)
        #expect(config.server == defaults.server)
    }
}
