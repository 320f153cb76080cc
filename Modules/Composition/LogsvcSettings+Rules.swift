public import Config
import Bus
import EnvelopeCrypto
import Logging
import Model
import Storage

extension LogsvcSettings: ConfigValidating {
    /// The rules that span sections (each section checks its own keys): a known log level, known modules, a route
    /// only for a known topic and module, the files named, and what the chosen backends need.
    public func validate(_ rules: inout ConfigRules) {
        rules.require(logLevel, oneOf: Logger.Level.allCases.map(\.rawValue), at: "log_level")
        let knownModules = LogService.moduleNames.sorted()
        rules.require(!modules.isEmpty, at: ["modules"], rule: "must name at least one of \(knownModules.joined(separator: ", "))")
        for module in modules {
            rules.require(module, oneOf: knownModules, at: "modules")
        }
        for (topic, route) in bus.routes.sorted(by: { $0.key < $1.key }) {
            rules.require(Topics.allNames.contains(topic), at: ["bus", "routes", topic],
                          rule: "is not a topic (topics are \(Topics.allNames.joined(separator: ", ")))")
            rules.require(route.module, oneOf: knownModules, at: "bus", "routes", topic, "module")
        }
        rules.require(!storage.sqlite.file.isEmpty, at: ["storage", "sqlite", "file"], rule: "must name a file")
        if storage.backend == .dynamodb {
            rules.require(!storage.dynamodb.table.isEmpty, at: ["storage", "dynamodb", "table"], related: [["storage", "backend"]],
                          rule: "storage.dynamodb.table must name the table when storage.backend is dynamodb")
        }
        rules.require(!crypto.local.file.isEmpty, at: ["crypto", "local", "file"], rule: "must name a file")
        rules.require(!crypto.local.masterKeyFile.isEmpty, at: ["crypto", "local", "master_key_file"], rule: "must name a file")
        rules.require(!crypto.dataKeysFile.isEmpty, at: ["crypto", "data_keys_file"], rule: "must name a file")
        if crypto.keyring == .awsKMS {
            rules.require(!crypto.awsKMS.keyID.isEmpty, at: ["crypto", "aws_kms", "key_id"], related: [["crypto", "keyring"]],
                          rule: "crypto.aws_kms.key_id must name the KMS key (key id, key ARN or alias/NAME) when crypto.keyring is aws_kms")
        }
    }
}
